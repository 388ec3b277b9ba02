"""Refunds in parts: each refund is a row with its own ledger reversal, and a payment
knows how much of it was given back. Payments refunded whole before this migration get
their refund row and their amount refunded (frozen code: no project imports)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def record_earlier_refunds(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    Refund = apps.get_model("payments", "Refund")
    LedgerEntry = apps.get_model("rewards", "LedgerEntry")
    for payment in Payment.objects.filter(status="refunded", ledger_entry__isnull=False):
        reversal = LedgerEntry.objects.filter(kind="reversal", reverses_id=payment.ledger_entry_id).first()
        if reversal is None:
            continue
        Refund.objects.create(
            payment=payment,
            amount=payment.amount,
            ledger_entry=reversal,
            reason=payment.refund_reason or "Refunded",
            created_at=payment.refunded_at or reversal.recorded_at,
        )
        Payment.objects.filter(pk=payment.pk).update(amount_refunded=payment.amount)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_roles"),
        ("people", "0004_contributor_profile_link_permission"),
        ("rewards", "0013_reversal_in_parts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Refund",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "amount",
                    models.BigIntegerField(help_text="In minor units (cents).", verbose_name="amount"),
                ),
                (
                    "provider_refund_id",
                    models.CharField(
                        blank=True,
                        help_text="Empty for a bank transfer.",
                        max_length=100,
                        verbose_name="provider's refund id",
                    ),
                ),
                ("reason", models.CharField(max_length=200, verbose_name="why refunded")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded"),
                ),
            ],
            options={
                "verbose_name": "refund",
                "verbose_name_plural": "refunds",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="payment",
            name="amount_refunded",
            field=models.BigIntegerField(
                default=0,
                help_text="In minor units (cents): the refunds' sum, never more than the amount.",
                verbose_name="refunded so far",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_refunded__gte", 0), ("amount_refunded__lte", models.F("amount"))),
                name="payments_refunds_within_the_amount",
            ),
        ),
        migrations.AddField(
            model_name="refund",
            name="ledger_entry",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="site_refund",
                to="rewards.ledgerentry",
                verbose_name="ledger reversal",
            ),
        ),
        migrations.AddField(
            model_name="refund",
            name="payment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="refunds",
                to="payments.payment",
                verbose_name="payment",
            ),
        ),
        migrations.AddField(
            model_name="refund",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddConstraint(
            model_name="refund",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)), name="payments_refund_amount_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="refund",
            constraint=models.UniqueConstraint(
                condition=models.Q(("provider_refund_id", ""), _negated=True),
                fields=("provider_refund_id",),
                name="payments_provider_refund_once",
            ),
        ),
        migrations.RunPython(record_earlier_refunds, migrations.RunPython.noop),
    ]
