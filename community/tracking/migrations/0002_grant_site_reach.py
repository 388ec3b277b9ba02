"""Editors see the whole site's reach; contributors see their own without a permission."""

from django.db import migrations

ROLES_SEEING_SITE = ["Editors"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="tracking", model="pageviewdaily")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_site_reach",
        defaults={"name": "Can see the reach of every page and contributor"},
    )
    for group in Group.objects.filter(name__in=ROLES_SEEING_SITE):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="tracking", codename="view_site_reach").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0001_initial"),
        ("people", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
