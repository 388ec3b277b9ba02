"""Editors pin results for a query (Wagtail's search promotions); the same
permission lets them see what people search for."""

from django.db import migrations

ROLES_CURATING_SEARCH = ["Editors"]
ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailsearchpromotions", model="searchpromotion"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_searchpromotion",
            defaults={"name": f"Can {action} search promotion"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=ROLES_CURATING_SEARCH):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=[f"{action}_searchpromotion" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=ROLES_CURATING_SEARCH):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_stemming_sqlite_fts"),
        ("people", "0003_create_roles"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
