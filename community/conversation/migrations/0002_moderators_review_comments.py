"""Moderators review comments in the admin: they may view and change them (publish or
hide); nobody adds them there. Names are frozen here, not read from live code."""

from django.db import migrations

MODERATORS = "Moderators"
ACTIONS = ("view", "change")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="conversation", model="comment")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_comment",
            defaults={"name": f"Can {action} comment"},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="conversation", codename__in=[f"{a}_comment" for a in ACTIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conversation", "0001_initial"),
        ("people", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
