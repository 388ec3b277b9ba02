"""Finance's admin views: record money, import payments, reverse entries, change the
policy, open, calculate and close periods, and download a period's payouts."""

import csv
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.money import format_money, site_currency, to_major_units

from . import ledger, payments
from .forms import (
    DonationForm,
    MembershipFeeForm,
    OpenPeriodForm,
    PaymentImportForm,
    ReserveAllocationForm,
    ReversalForm,
    RewardPolicyForm,
)
from .models import LedgerEntry, RewardPeriod, RewardPolicy, Statement
from .periods import PeriodError, calculate_period, close_period

RECORD_MONEY = "rewards.add_ledgerentry"
RUN_PERIODS = "rewards.run_rewardperiod"
OPEN_PERIODS = "rewards.add_rewardperiod"
CHANGE_POLICY = "rewards.add_rewardpolicy"
SEE_ALL_STATEMENTS = "rewards.view_statement"


def requires(permission):
    """Only users with `permission` (Finance, superusers) get past; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def ledger_index_url():
    return reverse("rewards_ledgerentry_modeladmin_index")


def period_url(period):
    return reverse("rewards_rewardperiod_modeladmin_inspect", args=[period.pk])


def render_form(request, form, title, *, intro="", submit=None, extra=None, multipart=False):
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit or _("Save"),
        "multipart": multipart,
    }
    return TemplateResponse(request, "rewards/admin/form.html", context | (extra or {}))


def record_with_form(request, form, title, record, success_message):
    """A money form: on a valid POST, `record(cleaned_data)` writes one ledger entry; a
    LedgerError is shown on the form and nothing is written."""
    if request.method == "POST" and form.is_valid():
        try:
            entry = record(form.cleaned_data)
        except ledger.LedgerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success_message(entry))
            return redirect(ledger_index_url())
    return render_form(request, form, title)


@requires(RECORD_MONEY)
def record_fee(request):
    def record(data):
        return ledger.record_membership_fee(
            member=data["member"],
            amount=data["amount"],
            received_on=data["received_on"],
            payment_reference=data["payment_reference"],
            plan=data["plan"],
            paid_until=data["paid_until"],
            memo=data["memo"],
            recorded_by=request.user,
        )

    return record_with_form(
        request,
        MembershipFeeForm(request.POST or None),
        _("Record a membership fee"),
        record,
        lambda entry: (
            _("Membership fee of %(amount)s from %(member)s recorded for %(period)s.")
            % {"amount": entry.amount_display, "member": entry.member, "period": entry.period}
        ),
    )


@requires(RECORD_MONEY)
def record_donation(request):
    def record(data):
        return ledger.record_donation(
            amount=data["amount"],
            received_on=data["received_on"],
            donor=data["donor"],
            to_pool=data["to_pool"],
            payment_reference=data["payment_reference"],
            memo=data["memo"],
            recorded_by=request.user,
        )

    return record_with_form(
        request,
        DonationForm(request.POST or None),
        _("Record a donation"),
        record,
        lambda entry: (
            _("Donation of %(amount)s recorded for %(period)s.")
            % {"amount": entry.amount_display, "period": entry.period}
        ),
    )


@requires(RECORD_MONEY)
def allocate_reserves(request):
    ledger.earmark_period(ledger.today())  # the current month can always be chosen
    return record_with_form(
        request,
        ReserveAllocationForm(request.POST or None),
        _("Allocate money from reserves"),
        lambda data: ledger.allocate_reserves(
            period=data["period"], amount=data["amount"], memo=data["memo"], recorded_by=request.user
        ),
        lambda entry: (
            _("%(amount)s allocated from reserves to %(period)s.")
            % {"amount": entry.amount_display, "period": entry.period}
        ),
    )


@requires(RECORD_MONEY)
def import_payments(request):
    form = PaymentImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        payment_file = payments.read_payments(form.cleaned_data["file"])
        if payment_file.is_valid:
            try:
                entries = payments.import_payments(payment_file, recorded_by=request.user)
            except ledger.LedgerError as error:
                form.add_error(None, str(error))
            else:
                total = sum(entry.amount for entry in entries)
                messages.success(
                    request,
                    _("Imported %(count)d payments, %(total)s in all.")
                    % {"count": len(entries), "total": format_money(total)},
                )
                return redirect(ledger_index_url())
        else:
            errors = payment_file.errors_by_line()
            form.add_error(
                None,
                _("Nothing was imported: %(count)d line(s) need correcting.") % {"count": len(errors)},
            )
    return render_form(
        request,
        form,
        _("Import membership payments"),
        intro=_(
            "The whole file is checked first. If any line is wrong, nothing is imported and every "
            "wrong line is listed, so you can correct the file and upload it again."
        ),
        submit=_("Check and import"),
        extra={"line_errors": errors},
        multipart=True,
    )


@requires(RECORD_MONEY)
def reverse_entry(request, pk):
    entry = get_object_or_404(LedgerEntry.objects.select_related("period"), pk=pk)
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = ledger.reverse_entry(entry, recorded_by=request.user, memo=form.cleaned_data["memo"])
        except ledger.LedgerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Entry #%(pk)s reversed by entry #%(reversal)s.")
                % {"pk": entry.pk, "reversal": reversal.pk},
            )
            return redirect(ledger_index_url())
    return render_form(
        request,
        form,
        _("Reverse ledger entry #%(pk)s") % {"pk": entry.pk},
        intro=_("%(entry)s. A reversal is a new entry of the opposite amount; the original stays.")
        % {"entry": entry},
        submit=_("Reverse this entry"),
    )


@requires(CHANGE_POLICY)
def change_policy(request):
    policy = RewardPolicy.current()
    form = RewardPolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        if not form.has_policy_changes():
            messages.info(request, _("Nothing changed, so no new version was saved."))
            return redirect("rewards_rewardpolicy_modeladmin_index")
        new_policy = form.save(created_by=request.user)
        messages.success(
            request, _("Reward policy version %(version)s saved.") % {"version": new_policy.version}
        )
        return redirect("rewards_rewardpolicy_modeladmin_index")
    return TemplateResponse(request, "rewards/admin/policy_form.html", {"form": form, "policy": policy})


@requires(OPEN_PERIODS)
def open_period(request):
    form = OpenPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = ledger.get_period(form.cleaned_data["month"])
        messages.success(request, _("Period %(period)s is open.") % {"period": period})
        return redirect(period_url(period))
    return render_form(request, form, _("Open a reward period"), submit=_("Open"))


@require_POST
@requires(RUN_PERIODS)
def calculate(request, pk):
    period = get_object_or_404(RewardPeriod, pk=pk)
    try:
        period = calculate_period(period, by=request.user)
    except PeriodError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Period %(period)s calculated: %(count)d statements, %(paid)s to pay.")
            % {"period": period, "count": period.statements.count(), "paid": format_money(period.paid)},
        )
    return redirect(period_url(period))


@require_POST
@requires(RUN_PERIODS)
def close(request, pk):
    period = get_object_or_404(RewardPeriod, pk=pk)
    try:
        result = close_period(period, by=request.user)
    except PeriodError as error:
        messages.error(request, str(error))
    else:
        if result.already_closed:
            messages.info(request, _("Period %(period)s was already closed.") % {"period": period})
        else:
            messages.success(
                request,
                _("Period %(period)s closed: %(count)d ledger entries written.")
                % {"period": period, "count": result.entries_written},
            )
    return redirect(period_url(period))


@requires(SEE_ALL_STATEMENTS)
def payouts_csv(request, pk):
    """The payout file for the bank: one row per contributor paid this period."""
    period = get_object_or_404(RewardPeriod, pk=pk)
    if period.status == RewardPeriod.Status.OPEN:
        messages.error(request, _("Calculate the period before downloading its payouts."))
        return redirect(period_url(period))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    state = "" if period.is_closed else "-provisional"
    response["Content-Disposition"] = f'attachment; filename="kmp-payouts-{period.slug}{state}.csv"'
    writer = csv.writer(response)
    writer.writerow(["period", "contributor", "email", "amount", "currency", "statement"])
    for name, email, amount, statement_id in payout_rows(period):
        writer.writerow(
            [period.slug, _csv_safe(name), email, f"{to_major_units(amount)}", site_currency(), statement_id]
        )
    return response


def payout_rows(period):
    """[(name, email, amount, statement id)]. A closed period's rows come from its payout
    entries in the ledger, with the recipient written at close; a calculated period's
    (provisional) from its statements and the accounts as they are now."""
    if period.is_closed:
        statement_ids = dict(period.statements.values_list("contributor_id", "pk"))
        entries = LedgerEntry.objects.filter(origin_period=period, kind=LedgerEntry.Kind.PAYOUT).order_by(
            "payee_name", "pk"
        )
        return [
            (entry.payee_name, entry.payee_email, -entry.amount, statement_ids.get(entry.contributor_id, ""))
            for entry in entries
        ]
    statements = (
        Statement.objects.filter(period=period, paid__gt=0)
        .select_related("contributor__user")
        .order_by("contributor__display_name", "pk")
    )
    return [
        (s.contributor.display_name, s.contributor.user.email if s.contributor.user else "", s.paid, s.pk)
        for s in statements
    ]


def _csv_safe(text):
    """Keep spreadsheet programs from treating a name as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
