"""The "Wish list moderation" workflow (one approval step for Moderators), Moderators'
permissions on any wish-list index that already exists, and the record permissions
for offers and services. An index created later is set up by the app's post_save
receiver with the same function."""

from django.db import migrations

from community.wishlists.moderation import (
    TASK_NAME,
    WORKFLOW_NAME,
    get_or_create_wish_list_workflow,
    grant_model_permissions,
    set_up_wish_list_index,
)


def set_up_moderation(apps, schema_editor):
    get_or_create_wish_list_workflow(apps)
    grant_model_permissions(apps)
    WishListIndexPage = apps.get_model("wishlists", "WishListIndexPage")
    for page_id in WishListIndexPage.objects.values_list("pk", flat=True):
        set_up_wish_list_index(page_id, apps)


def remove_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wishlists", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up_moderation, remove_moderation)]
