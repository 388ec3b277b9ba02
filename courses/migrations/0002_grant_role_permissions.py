"""Course authors write courses under the course catalogue; Editors and Finance browse
enrolments. A catalogue created later gets the same grant (courses.signals)."""

from django.db import migrations

COURSE_AUTHOR_PAGE_PERMISSIONS = ["add_page"]
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

    authors = Group.objects.filter(name="Course authors").first()
    if authors is None:
        return
    page_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for index_page in CourseIndexPage.objects.all():
        for codename in COURSE_AUTHOR_PAGE_PERMISSIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_content_type, codename=codename, defaults={"name": codename}
            )
            GroupPagePermission.objects.get_or_create(
                group=authors, page_id=index_page.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
