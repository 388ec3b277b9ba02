"""Course authors write courses under the course catalogue; Editors and Finance browse
enrolments. A catalogue created later is set up by portal.moderation with
courses.signals' rules, the same as these. The data is frozen here: a migration
imports no live code."""

from django.db import migrations

PAGE_PERMISSIONS = {"Course authors": ["add_page"]}
RECORD_VIEWERS = ["Editors", "Finance"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")

    def model_permission(model, codename, name):
        content_type, _ = ContentType.objects.get_or_create(app_label="courses", model=model)
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]

    viewing = [
        model_permission("enrolment", "view_enrolment", "Can view enrolment"),
        model_permission("lessonprogress", "view_lessonprogress", "Can view lesson progress"),
    ]
    for group in Group.objects.filter(name__in=RECORD_VIEWERS):
        group.permissions.add(*viewing)

    for page_id in CourseIndexPage.objects.values_list("pk", flat=True):
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
