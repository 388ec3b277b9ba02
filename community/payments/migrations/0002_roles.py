"""Editors manage membership plans; Finance sees payments, recurring payments and
provider events, and confirms or refunds bank transfers. The data is frozen here: a
migration imports no live code."""

from django.db import migrations

GRANTS = {
    "Editors": [
        ("membershipplan", "add_membershipplan"),
        ("membershipplan", "change_membershipplan"),
        ("membershipplan", "delete_membershipplan"),
        ("membershipplan", "view_membershipplan"),
    ],
    "Finance": [
        ("payment", "view_payment"),
        ("payment", "confirm_payment"),
        ("subscription", "view_subscription"),
        ("providerevent", "view_providerevent"),
        ("membershipplan", "view_membershipplan"),
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, permissions in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label="payments", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="payments"):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("people", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
