"""Review before pay (issue 15): the metrics each calculation measured, Finance's
exclusions of a contributor's metric with a reason, the Finance group's permission to
exclude, and on PostgreSQL triggers that keep a closed period's exclusions as they are
(the refusal of TRUNCATE is migration 0007's)."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

FINANCE_PERMISSIONS = [
    ("metricexclusion", "add_metricexclusion", "Can add metric exclusion"),
    ("metricexclusion", "view_metricexclusion", "Can view metric exclusion"),
]

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION rewards_closed_period_exclusion() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM rewards_rewardperiod
        WHERE status = 'closed' AND id IN (
            CASE WHEN TG_OP = 'INSERT' THEN NEW.period_id ELSE OLD.period_id END,
            CASE WHEN TG_OP = 'DELETE' THEN OLD.period_id ELSE NEW.period_id END
        )
    ) THEN
        RAISE EXCEPTION 'A closed reward period''s exclusions never change: % refused.', TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS rewards_metricexclusion_closed ON rewards_metricexclusion;
CREATE TRIGGER rewards_metricexclusion_closed BEFORE INSERT OR UPDATE OR DELETE ON rewards_metricexclusion
    FOR EACH ROW EXECUTE FUNCTION rewards_closed_period_exclusion();
DROP TRIGGER IF EXISTS rewards_metricexclusion_no_truncate ON rewards_metricexclusion;
CREATE TRIGGER rewards_metricexclusion_no_truncate BEFORE TRUNCATE ON rewards_metricexclusion
    FOR EACH STATEMENT EXECUTE FUNCTION rewards_refuse_truncate();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS rewards_metricexclusion_no_truncate ON rewards_metricexclusion;
DROP TRIGGER IF EXISTS rewards_metricexclusion_closed ON rewards_metricexclusion;
DROP FUNCTION IF EXISTS rewards_closed_period_exclusion();
"""


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


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_contributor_profile_link_permission"),
        ("rewards", "0008_period_life"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="rewardperiod",
            name="measured",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="metrics as measured"
            ),
        ),
        migrations.CreateModel(
            name="MetricExclusion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stream", models.CharField(max_length=40, verbose_name="stream")),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="Empty: the whole metric of the stream.",
                        max_digits=18,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.0001"))],
                        verbose_name="amount excluded",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason, as the contributor reads it")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="excluded at"
                    ),
                ),
                (
                    "contributor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="metric_exclusions",
                        to="people.contributorprofile",
                        verbose_name="contributor",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="excluded by",
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="exclusions",
                        to="rewards.rewardperiod",
                        verbose_name="period",
                    ),
                ),
            ],
            options={
                "verbose_name": "metric exclusion",
                "verbose_name_plural": "metric exclusions",
                "ordering": ["period", "contributor", "stream", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__isnull", True), ("amount__gt", 0), _connector="OR"),
                        name="rewards_exclusion_amount_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="rewards_exclusion_has_a_reason",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_finance, revoke_finance),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
