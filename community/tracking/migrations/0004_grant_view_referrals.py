"""Editors and Finance browse referrals (the promotion stream) in the admin, read-only."""

from django.db import migrations

ROLES = ["Editors", "Finance"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="tracking", model="referral")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_referral", defaults={"name": "Can view referral"}
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="tracking", codename="view_referral"
    ).first()
    if permission:
        for group in Group.objects.filter(name__in=ROLES):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("tracking", "0003_referral_unique_per_user")]

    operations = [migrations.RunPython(grant, revoke)]
