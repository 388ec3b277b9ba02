"""Funding ledger, reward policy, reward periods and statements.

Sign convention of LedgerEntry.amount (integer minor units), seen from the reward
pool of the entry's period: positive is money in, negative is money out.

  membership fee       > 0  the whole fee; the policy's share of it counts towards the pool
  donation             > 0  to the pool, or to general funds (to_pool=False)
  reserve allocation   > 0  from reserves into the pool, recorded by Finance
                       < 0  back to reserves, written when a period closes
  payout               < 0  paid to a contributor
  give-back            < 0  a contributor's reward given back; closing also writes a
                            donation of the same amount to the next period's pool
  carry-forward        < 0  into the contributor's balance (below the minimum payout)
                       > 0  out of the balance, when it is paid, volunteered or given
  clawback             > 0  money already paid to a contributor that must come back,
                            recorded by Finance: their balance goes below zero
                       < 0  written when a period closes: the part of the contributor's
                            reward that covers what they owe
  reversal                  minus the amount of the entry it reverses (or of the part reversed)

A contributor's balance is minus the sum of their carry-forward and clawback entries
(and of reversals of clawbacks); below zero it is what they still owe. After a
period closes, its pool plus the balances brought forward plus every outflow
written by the close add up to zero.
"""

import hashlib
import json
from calendar import monthrange
from datetime import UTC, date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.money import format_money, site_currency

from .calculation import RESERVES, SPREAD, PolicyTerms, clawback_recovery
from .registry import get_stream, get_streams, stream_label


class LedgerAppendOnlyError(IntegrityError):
    """The ledger keeps every entry as written; a correction is a reversal entry."""

    def __init__(self, action="change"):
        super().__init__(
            f"The funding ledger is append-only: entries cannot be {action}d. Record a reversal instead."
        )


class ClosedPeriodError(IntegrityError):
    """A closed period, its statements and their lines never change."""


# Every entry's hash covers these fields and the previous entry's hash (see verify_ledger).
CHAINED_FIELDS = (
    "kind", "amount", "currency", "period_id", "to_pool", "received_on", "payment_reference",
    "member_id", "membership_id", "contributor_id", "origin_period_id", "reverses_id", "memo",
    "payee_name", "payee_email", "recorded_by_id", "recorded_at",
)  # fmt: skip
GENESIS_HASH = "0" * 64
LEDGER_LOCK_KEY = 7_201_401  # pg_advisory_xact_lock key that serialises appends to the chain


def entry_hash(entry, previous_hash):
    content = {}
    for name in CHAINED_FIELDS:
        value = getattr(entry, name)
        if name == "recorded_at":
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        content[name] = value
    text = previous_hash + json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _chain(entries):
    """Give new entries their place in the hash chain. The caller is in a transaction;
    on PostgreSQL an advisory lock makes concurrent appends take turns."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])
    previous = (
        LedgerEntry.objects.order_by("-pk").values_list("entry_hash", flat=True).first() or GENESIS_HASH
    )
    for entry in entries:
        if entry.recorded_at is None:
            entry.recorded_at = timezone.now()
        entry.previous_hash = previous
        entry.entry_hash = previous = entry_hash(entry, previous)


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerAppendOnlyError("update")

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerAppendOnlyError("update")

    def delete(self):
        raise LedgerAppendOnlyError("delete")

    def _raw_delete(self, using):
        raise LedgerAppendOnlyError("delete")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            # An upsert would change an entry, and an ignored row would break the chain.
            raise LedgerAppendOnlyError("update")
        objs = list(objs)
        with transaction.atomic(using=self.db):
            _chain(objs)
            return super().bulk_create(objs, *args, **kwargs)

    def with_effective_kind(self):
        """A reversal counts as the kind of the entry it reverses (with the opposite sign)."""
        return self.annotate(
            effective_kind=models.Case(
                models.When(kind=LedgerEntry.Kind.REVERSAL, then=models.F("reverses__kind")),
                default=models.F("kind"),
            )
        )

    def carry_forward_balances(self, contributor_ids=None):
        """{contributor id: balance carried forward}, for those with a balance; negative
        for a clawback still owed."""
        balance_kinds = [LedgerEntry.Kind.CARRY_FORWARD, LedgerEntry.Kind.CLAWBACK]
        rows = self.filter(
            Q(kind__in=balance_kinds) | Q(kind=LedgerEntry.Kind.REVERSAL, reverses__kind__in=balance_kinds)
        )
        if contributor_ids is not None:
            rows = rows.filter(contributor_id__in=contributor_ids)
        totals = rows.values("contributor_id").annotate(total=models.Sum("amount")).order_by()
        return {row["contributor_id"]: -row["total"] for row in totals if row["total"]}


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        MEMBERSHIP_FEE = "membership_fee", _("Membership fee")
        DONATION = "donation", _("Donation")
        RESERVE_ALLOCATION = "reserve_allocation", _("Reserve allocation")
        PAYOUT = "payout", _("Payout")
        GIVE_BACK = "give_back", _("Give-back")
        CARRY_FORWARD = "carry_forward", _("Carry-forward")
        CLAWBACK = "clawback", _("Clawback")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    amount = models.BigIntegerField(
        _("amount"), help_text=_("In minor units (cents). Positive: into the pool; negative: out of it.")
    )
    currency = models.CharField(_("currency"), max_length=3, default=site_currency)
    period = models.ForeignKey(
        "rewards.RewardPeriod",
        verbose_name=_("earmarked for"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    to_pool = models.BooleanField(
        _("for the reward pool"),
        default=True,
        help_text=_("Donations only: untick for general funds, which are not shared as rewards."),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    payment_reference = models.CharField(
        _("payment reference"),
        max_length=100,
        blank=True,
        help_text=_("The bank or payment provider's reference; each is recorded once."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member or donor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    membership = models.ForeignKey(
        "people.Membership",
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_entries",
    )
    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    origin_period = models.ForeignKey(
        "rewards.RewardPeriod",
        verbose_name=_("written by closing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closing_entries",
        help_text=_("The period whose closing wrote this entry; empty for money recorded by Finance."),
    )
    # A whole reversal is the only one of its entry; partial reversals (a partial refund)
    # may be several, together never more than the entry (ledger.reverse_part).
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # A payout's recipient as they were at close: the payout file is built from these,
    # so a later change to the profile or the account cannot redirect a closed month's money.
    payee_name = models.CharField(_("paid to"), max_length=120, blank=True)
    payee_email = models.EmailField(_("payee's email"), blank=True)
    memo = models.TextField(_("memo"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    previous_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["period", "kind"], name="rewards_ledger_period_kind")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="rewards_ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind__in=["membership_fee", "donation"]) | Q(amount__gt=0),
                name="rewards_ledger_money_in_is_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["payout", "give_back"]) | Q(amount__lt=0),
                name="rewards_ledger_money_out_is_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses=None)),
                name="rewards_ledger_reversal_points_to_entry",
            ),
            models.UniqueConstraint(
                fields=["payment_reference"],
                condition=~Q(payment_reference=""),
                name="rewards_ledger_payment_reference_once",
            ),
            # Closing writes each contributor's payout, carry-forward and give-back once...
            models.UniqueConstraint(
                fields=["origin_period", "kind", "contributor"],
                condition=Q(origin_period__isnull=False, contributor__isnull=False),
                name="rewards_ledger_one_closing_entry_each",
            ),
            # ...and its return to reserves once.
            models.UniqueConstraint(
                fields=["origin_period", "kind"],
                condition=Q(origin_period__isnull=False, contributor__isnull=True),
                name="rewards_ledger_one_period_closing_entry",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount, self.currency)} ({self.period})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerAppendOnlyError("update")
        with transaction.atomic(using=kwargs.get("using")):
            _chain([self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerAppendOnlyError("delete")

    @property
    def amount_display(self):
        return format_money(self.amount, self.currency)

    @property
    def party(self):
        """Who the money came from or went to, for listings."""
        return self.contributor or self.member or ""


class RewardPolicy(models.Model):
    """How a period's pool is shared. Each edit makes a new version; a period records
    the version its calculation used."""

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    pool_share_percent = models.DecimalField(
        _("share of membership fees to the pool (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(30),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    stream_settings = models.JSONField(
        _("streams"),
        default=dict,
        help_text=_('{"stream": {"weight": 50, "minimum": "20"}}; a stream not listed has no weight.'),
    )
    cap_percent = models.DecimalField(
        _("cap per contributor (% of the pool)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    minimum_payout = models.BigIntegerField(
        _("minimum payout"),
        default=1000,
        validators=[MinValueValidator(0)],
        help_text=_("In minor units. Smaller amounts are carried forward to the contributor's balance."),
    )
    empty_stream = models.CharField(
        _("a stream where no one qualifies"),
        max_length=10,
        choices=[
            (SPREAD, _("is spread over the other streams")),
            (RESERVES, _("returns to reserves")),
        ],
        default=SPREAD,
    )
    note = models.CharField(_("what changed and why"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("reward policy")
        verbose_name_plural = _("reward policy versions")

    def __str__(self):
        return f"Reward policy v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IntegrityError("A reward policy version never changes; save a new version instead.")
        if not self.version:
            latest = RewardPolicy.objects.aggregate(models.Max("version"))["version__max"] or 0
            self.version = latest + 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        policy = cls.objects.order_by("-version").first()
        if policy is None:
            policy = cls.objects.create(stream_settings=default_stream_settings(), note="Defaults")
        return policy

    def weight(self, stream):
        return int(self.stream_settings.get(stream, {}).get("weight", 0))

    def minimum(self, stream):
        return Decimal(str(self.stream_settings.get(stream, {}).get("minimum", 0)))

    def terms(self):
        return PolicyTerms(
            weights={name: self.weight(name) for name in self.stream_settings},
            minimums={name: Fraction(self.minimum(name)) for name in self.stream_settings},
            cap_share=Fraction(self.cap_percent) / 100,
            minimum_payout=self.minimum_payout,
            empty_stream=self.empty_stream,
        )

    def fees_to_pool(self, fees):
        """The pool's share of a period's fees, rounded towards zero; the rest is general
        funds. Below zero when fees refunded after their month closed outweigh the new ones."""
        return int(Fraction(fees) * Fraction(self.pool_share_percent) / 100)

    @property
    def minimum_payout_display(self):
        return format_money(self.minimum_payout)

    def streams_table(self):
        """[(stream or None, name, weight, minimum)] for registered and recorded streams."""
        registered = {stream.name: stream for stream in get_streams()}
        names = list(registered) + [name for name in self.stream_settings if name not in registered]
        return [(registered.get(name), name, self.weight(name), self.minimum(name)) for name in names]


def default_stream_settings():
    return {
        stream.name: {"weight": stream.default_weight, "minimum": str(stream.default_minimum)}
        for stream in get_streams()
    }


def month_start(value):
    return date(value.year, value.month, 1)


class RewardPeriodQuerySet(models.QuerySet):
    def _refuse_closed(self, closed_rows):
        if closed_rows.exists():
            raise ClosedPeriodError("A closed reward period never changes, and is never deleted.")

    def update(self, **kwargs):
        self._refuse_closed(self.filter(status=RewardPeriod.Status.CLOSED))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse_closed(self.filter(pk__in=[o.pk for o in objs], status=RewardPeriod.Status.CLOSED))
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        self._refuse_closed(self.filter(status=RewardPeriod.Status.CLOSED))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            raise ClosedPeriodError("Reward periods are not upserted; save them one by one.")
        return super().bulk_create(objs, *args, **kwargs)


class RewardPeriod(models.Model):
    """A month. Its pool is the ledger entries earmarked for it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CALCULATED = "calculated", _("Calculated")
        CLOSED = "closed", _("Closed")

    start = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    policy = models.ForeignKey(
        RewardPolicy,
        verbose_name=_("policy used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periods",
    )
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    calculated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispute_until = models.DateTimeField(
        _("contributors may flag statements until"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the last calculation found; the statements add up to these.
    fees = models.BigIntegerField(_("membership fees"), default=0)
    fees_to_pool = models.BigIntegerField(_("fees to the pool"), default=0)
    donations_to_pool = models.BigIntegerField(_("donations to the pool"), default=0)
    given_back_in = models.BigIntegerField(_("given back by contributors"), default=0)
    donations_general = models.BigIntegerField(_("donations to general funds"), default=0)
    reserve_allocations = models.BigIntegerField(_("from reserves"), default=0)
    pool = models.BigIntegerField(_("pool"), default=0)
    cap = models.BigIntegerField(_("cap per contributor"), default=0)
    brought_forward = models.BigIntegerField(_("balances brought forward"), default=0)
    allocated = models.BigIntegerField(_("allocated"), default=0)
    paid = models.BigIntegerField(_("paid out"), default=0)
    given_back = models.BigIntegerField(_("given back"), default=0)
    volunteered = models.BigIntegerField(_("volunteered to reserves"), default=0)
    unallocated = models.BigIntegerField(_("unallocated, to reserves"), default=0)
    carried_forward = models.BigIntegerField(_("carried forward (net)"), default=0)
    rewarded = models.PositiveIntegerField(_("contributors rewarded"), default=0)
    stream_summary = models.JSONField(_("streams"), default=list, blank=True)
    # {stream: {contributor id: metric as text}} as measured, before Finance's exclusions:
    # what the review before pay compares with each contributor's history.
    measured = models.JSONField(_("metrics as measured"), default=dict, blank=True, editable=False)
    inputs_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = RewardPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("reward period")
        verbose_name_plural = _("reward periods")
        permissions = [("run_rewardperiod", _("Can calculate and close reward periods"))]
        constraints = [
            models.CheckConstraint(condition=Q(start__day=1), name="rewards_period_starts_on_the_first"),
        ]

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        if self.start:
            self.start = month_start(self.start)
        if self.pk and RewardPeriod.objects.filter(pk=self.pk, status=self.Status.CLOSED).exists():
            raise ClosedPeriodError(f"Reward period {self} is closed and never changes.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("rewards:period", args=[self.slug])

    def delete(self, *args, **kwargs):
        if self.pk and RewardPeriod.objects.filter(pk=self.pk, status=self.Status.CLOSED).exists():
            raise ClosedPeriodError(f"Reward period {self} is closed and is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def end(self):
        return self.start.replace(day=monthrange(self.start.year, self.start.month)[1])

    @property
    def slug(self):
        return f"{self.start:%Y-%m}"

    @property
    def label(self):
        return date_format(self.start, "F Y")

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def to_reserves(self):
        return self.unallocated + self.volunteered

    def next_start(self):
        return date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)


def _refuse_closed_periods(period_ids):
    if RewardPeriod.objects.filter(pk__in=set(period_ids), status=RewardPeriod.Status.CLOSED).exists():
        raise ClosedPeriodError("The statements of a closed reward period never change.")


class StatementQuerySet(models.QuerySet):
    period_path = "period"

    def _refuse_closed(self):
        if self.filter(**{f"{self.period_path}__status": RewardPeriod.Status.CLOSED}).exists():
            raise ClosedPeriodError("The statements of a closed reward period never change.")

    def update(self, **kwargs):
        self._refuse_closed()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self.filter(pk__in=[o.pk for o in objs])._refuse_closed()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        self._refuse_closed()
        return super().delete()

    def _raw_delete(self, using):
        self._refuse_closed()
        return super()._raw_delete(using)

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            raise ClosedPeriodError("Statements are not upserted.")
        objs = list(objs)
        _refuse_closed_periods(self._period_ids(objs))
        return super().bulk_create(objs, *args, **kwargs)

    def _period_ids(self, objs):
        return [o.period_id for o in objs]


class StatementLineQuerySet(StatementQuerySet):
    period_path = "statement__period"

    def _period_ids(self, objs):
        return Statement.objects.filter(pk__in=[o.statement_id for o in objs]).values_list(
            "period_id", flat=True
        )


class ClosedPeriodGuard:
    """save() and delete() refuse on a row of a closed period."""

    def _period_id(self):
        return self.period_id

    def save(self, *args, **kwargs):
        _refuse_closed_periods([self._period_id()])
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_closed_periods([self._period_id()])
        return super().delete(*args, **kwargs)


class Statement(ClosedPeriodGuard, models.Model):
    """What one contributor gets from one period, and why."""

    period = models.ForeignKey(
        RewardPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="statements"
    )
    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="reward_statements",
    )
    allocated = models.BigIntegerField(_("allocated"), default=0)
    capped = models.BooleanField(_("capped"), default=False)
    preference = models.CharField(_("payout preference"), max_length=20)
    balance_before = models.BigIntegerField(_("balance brought forward"), default=0)
    paid = models.BigIntegerField(_("paid"), default=0)
    given_back = models.BigIntegerField(_("given back"), default=0)
    volunteered = models.BigIntegerField(_("volunteered"), default=0)
    balance_after = models.BigIntegerField(_("balance carried forward"), default=0)
    explanation = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    flagged_at = models.DateTimeField(_("flagged by the contributor at"), null=True, blank=True)
    flag_note = models.TextField(_("what the contributor thinks is wrong"), blank=True)
    flag_answer = models.TextField(_("Finance's answer"), blank=True)
    flag_resolved_at = models.DateTimeField(_("flag resolved at"), null=True, blank=True)
    flag_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flag resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "contributor__display_name"]
        verbose_name = _("reward statement")
        verbose_name_plural = _("reward statements")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "contributor"], name="rewards_statement_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.contributor} · {self.period}"

    def get_absolute_url(self):
        return reverse("rewards:statement", args=[self.pk])

    @property
    def due(self):
        return self.allocated + self.balance_before

    @property
    def flag_open(self):
        """Flagged by the contributor and not yet resolved by Finance."""
        return bool(self.flagged_at and not self.flag_resolved_at)

    @property
    def recovered(self):
        """The part of this period's reward that covers a clawback still owed."""
        return clawback_recovery(self.allocated, self.balance_before)

    @property
    def exclusions(self):
        """What Finance excluded of this contributor's metrics for the period, and why."""
        return MetricExclusion.objects.filter(period_id=self.period_id, contributor_id=self.contributor_id)

    @property
    def preference_label(self):
        from community.people.models import ContributorProfile

        return dict(ContributorProfile.PayoutPreference.choices).get(self.preference, self.preference)


class StatementLine(ClosedPeriodGuard, models.Model):
    """One stream of a statement: the metric, the share of the stream and the amount."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    stream = models.CharField(_("stream"), max_length=40)
    metric = models.DecimalField(_("metric"), max_digits=18, decimal_places=4)
    qualified = models.BooleanField(_("qualified"), default=False)
    share_percent = models.DecimalField(_("share of the stream (%)"), max_digits=9, decimal_places=4)
    amount = models.BigIntegerField(_("amount"), default=0)
    reason = models.CharField(_("why"), max_length=255, blank=True)

    objects = StatementLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        constraints = [models.UniqueConstraint(fields=["statement", "stream"], name="rewards_line_once")]

    def __str__(self):
        return f"{self.stream}: {self.metric}"

    def _period_id(self):
        return Statement.objects.filter(pk=self.statement_id).values_list("period_id", flat=True).first()

    @property
    def label(self):
        return stream_label(self.stream)

    @property
    def what_counts(self):
        """The stream's own words for what its metric counts (its description), so a
        statement says, for instance, that a confirmed newsletter address is a new person."""
        stream = get_stream(self.stream)
        return stream.description if stream else ""

    @property
    def metric_is_shared(self):
        """A metric with a fraction: co-authors split a post's readers (and a course's
        learners) equally, so 183.5 readers is half of a shared post's 367."""
        return self.metric is not None and self.metric % 1 != 0


@register_setting(icon="help")
class RewardsSettings(BaseSiteSetting):
    """Which editors' page explains rewards: it shows the formula worked through with the
    current policy, and the public reports link back to it."""

    how_rewards_work_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("“How rewards work” page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A standard page that explains rewards. It shows the worked example under its body, "
            "and the reward reports link to it."
        ),
    )

    panels = [PageChooserPanel("how_rewards_work_page", "home.StandardPage")]

    class Meta:
        verbose_name = _("rewards")


class MetricExclusionQuerySet(StatementQuerySet):
    def _refuse_closed(self):
        if self.filter(period__status=RewardPeriod.Status.CLOSED).exists():
            raise ClosedPeriodError("The exclusions of a closed reward period never change.")


class MetricExclusion(ClosedPeriodGuard, models.Model):
    """Finance's decision, after reviewing a calculated period, that part or all of a
    contributor's metric in one stream does not count, with the reason the contributor
    reads on their statement. Who decided and when are recorded; the period is then
    calculated again."""

    period = models.ForeignKey(
        RewardPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="exclusions"
    )
    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="metric_exclusions",
    )
    stream = models.CharField(_("stream"), max_length=40)
    amount = models.DecimalField(
        _("amount excluded"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("Empty: the whole metric of the stream."),
    )
    reason = models.TextField(_("reason, as the contributor reads it"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("excluded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("excluded at"), default=timezone.now, editable=False)

    objects = MetricExclusionQuerySet.as_manager()

    class Meta:
        ordering = ["period", "contributor", "stream", "pk"]
        verbose_name = _("metric exclusion")
        verbose_name_plural = _("metric exclusions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="rewards_exclusion_amount_positive"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="rewards_exclusion_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.contributor} · {self.period} · {self.stream}"

    @property
    def whole_stream(self):
        return self.amount is None

    @property
    def label(self):
        return stream_label(self.stream)

    def describe(self):
        """What was excluded, in the stream's units: "all qualified readers", "40 qualified readers"."""
        stream = get_stream(self.stream)
        if self.whole_stream:
            return _("all %(units)s") % {"units": stream.unit_plural if stream else _("points")}
        amount = self.amount.normalize()
        return f"{amount:f} {stream.unit_for(amount) if stream else _('points')}"
