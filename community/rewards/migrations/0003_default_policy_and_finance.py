"""The first reward policy version, and Finance's permissions for this section."""

from django.db import migrations

DEFAULT_STREAMS = {
    "blogging": {"weight": 50, "minimum": "20"},
    "courses": {"weight": 35, "minimum": "3"},
    "promotion": {"weight": 15, "minimum": "1"},
}

FINANCE_PERMISSIONS = [
    ("ledgerentry", "add_ledgerentry", "Can add ledger entry"),
    ("ledgerentry", "view_ledgerentry", "Can view ledger entry"),
    ("rewardpolicy", "add_rewardpolicy", "Can add reward policy"),
    ("rewardpolicy", "view_rewardpolicy", "Can view reward policy"),
    ("rewardperiod", "add_rewardperiod", "Can add reward period"),
    ("rewardperiod", "view_rewardperiod", "Can view reward period"),
    ("rewardperiod", "run_rewardperiod", "Can calculate and close reward periods"),
    ("statement", "view_statement", "Can view reward statement"),
]


def create_default_policy(apps, schema_editor):
    RewardPolicy = apps.get_model("rewards", "RewardPolicy")
    if not RewardPolicy.objects.exists():
        RewardPolicy.objects.create(version=1, stream_settings=DEFAULT_STREAMS, note="The policy at launch")


def grant_finance(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    finance, _ = Group.objects.get_or_create(name="Finance")
    for model, codename, name in FINANCE_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="rewards", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        finance.permissions.add(permission)


def revoke_finance(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    finance = Group.objects.filter(name="Finance").first()
    if finance:
        finance.permissions.remove(
            *finance.permissions.filter(
                content_type__app_label="rewards", codename__in=[c for _, c, _ in FINANCE_PERMISSIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0002_ledger_append_only_trigger"),
        ("people", "0003_create_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_default_policy, migrations.RunPython.noop),
        migrations.RunPython(grant_finance, revoke_finance),
    ]
