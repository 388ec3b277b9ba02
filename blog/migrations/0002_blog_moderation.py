"""The blog's authoring rules in Wagtail's terms: the "Blog moderation" workflow
(one group-approval step for Moderators and Editors) and the roles' permissions
on any blog index that already exists. A blog index created later is set up by
the blog app's post_save receiver with the same function."""

from django.db import migrations

from blog.moderation import TASK_NAME, WORKFLOW_NAME, get_or_create_blog_workflow, set_up_blog_index


def set_up_moderation(apps, schema_editor):
    get_or_create_blog_workflow(apps)
    BlogIndexPage = apps.get_model("blog", "BlogIndexPage")
    for page_id in BlogIndexPage.objects.values_list("pk", flat=True):
        set_up_blog_index(page_id, apps)


def remove_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up_moderation, remove_moderation)]
