"""Finance sees the list of refunds. The data is frozen here: a migration imports no
live code."""

from django.db import migrations

GROUP = "Finance"
PERMISSION = ("refund", "view_refund")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    model, codename = PERMISSION
    content_type, _ = ContentType.objects.get_or_create(app_label="payments", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": "Can view refund"}
    )
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    model, codename = PERMISSION
    permission = Permission.objects.filter(
        content_type__app_label="payments", content_type__model=model, codename=codename
    ).first()
    if group is not None and permission is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_next_plan"),
        ("people", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
