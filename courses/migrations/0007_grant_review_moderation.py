"""Moderators and Editors moderate course reviews in the admin (Learning → Course reviews)."""

from django.db import migrations

REVIEW_MODERATORS = ["Moderators", "Editors"]
PERMISSIONS = [
    ("view_coursereview", "Can view course review"),
    ("change_coursereview", "Can change course review"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="coursereview")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    ]
    for group in Group.objects.filter(name__in=REVIEW_MODERATORS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_course_reviews"),
        ("people", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
