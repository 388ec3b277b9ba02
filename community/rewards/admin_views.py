"""Finance's admin views: record money, import payments, reverse entries, record
clawbacks, change the policy, open, calculate and close periods, and download a period's payouts."""

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.modeladmin import modeladmin_url
from portal.money import format_money, site_currency, to_major_units

from . import ledger, payments
from .forms import (
    ClawbackForm,
    DonationForm,
    FlagAnswerForm,
    MembershipFeeForm,
    MetricExclusionForm,
    OpenPeriodForm,
    PaymentImportForm,
    ReserveAllocationForm,
    ReversalForm,
    RewardPolicyForm,
)
from .models import LedgerEntry, RewardPeriod, RewardPolicy, Statement
from .periods import PeriodError, calculable_from, calculate_period, close_period, resolve_flag
from .review import HISTORY_MONTHS, excludable_metrics, exclude_metric, period_review

RECORD_MONEY = "rewards.add_ledgerentry"
RUN_PERIODS = "rewards.run_rewardperiod"
OPEN_PERIODS = "rewards.add_rewardperiod"
CHANGE_POLICY = "rewards.add_rewardpolicy"
SEE_ALL_STATEMENTS = "rewards.view_statement"
EXCLUDE_METRICS = "rewards.add_metricexclusion"


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
    return modeladmin_url(LedgerEntry)


def period_url(period):
    return modeladmin_url(period, "inspect", period.pk)


def render_form(request, form, title, *, intro="", submit=None, extra=None, multipart=False):
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit or _("Save"),
        "multipart": multipart,
        "cancel_url": ledger_index_url(),
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
        % {"entry": entry}
        + (
            " "
            + _(
                "%(period)s is closed, so the reversal goes into the period open now and lowers the pool "
                "still to be shared. If money already paid to a contributor must come back, record a clawback."
            )
            % {"period": entry.period}
            if entry.period.is_closed
            else ""
        ),
        submit=_("Reverse this entry"),
    )


@requires(RECORD_MONEY)
def record_clawback(request):
    return record_with_form(
        request,
        ClawbackForm(request.POST or None),
        _("Record a clawback"),
        lambda data: ledger.record_clawback(
            contributor=data["contributor"],
            amount=data["amount"],
            reason=data["reason"],
            recorded_by=request.user,
        ),
        lambda entry: (
            _("Clawback of %(amount)s from %(contributor)s recorded; it comes off their next rewards.")
            % {"amount": entry.amount_display, "contributor": entry.contributor}
        ),
    )


@requires(CHANGE_POLICY)
def change_policy(request):
    policy = RewardPolicy.current()
    form = RewardPolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        if not form.has_policy_changes():
            messages.info(request, _("Nothing changed, so no new version was saved."))
            return redirect(modeladmin_url(RewardPolicy))
        new_policy = form.save(created_by=request.user)
        messages.success(
            request, _("Reward policy version %(version)s saved.") % {"version": new_policy.version}
        )
        return redirect(modeladmin_url(RewardPolicy))
    return TemplateResponse(request, "rewards/admin/policy_form.html", {"form": form, "policy": policy})


@requires(OPEN_PERIODS)
def open_period(request):
    form = OpenPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = ledger.get_period(form.cleaned_data["month"])
        messages.success(request, _("Period %(period)s is open.") % {"period": period})
        return redirect(period_url(period))
    return render_form(request, form, _("Open a reward period"), submit=_("Open"))


def confirm_page(request, period, title, consequences, problems, submit, despite=""):
    context = {
        "despite": despite,
        "title": title,
        "consequences": consequences,
        "problems": problems,
        "submit": submit,
        "back_url": period_url(period),
    }
    return TemplateResponse(request, "rewards/admin/confirm.html", context)


def confirmed(request):
    return request.method == "POST" and request.POST.get("confirm") == "yes"


@requires(RUN_PERIODS)
def calculate(request, pk):
    """GET (or a POST without confirm=yes) shows what calculating will do; a confirmed POST does it."""
    period = get_object_or_404(RewardPeriod, pk=pk)
    if not confirmed(request):
        problems = []
        if period.is_closed:
            problems.append(_("%(period)s is closed; it never changes.") % {"period": period})
        elif ledger.today() < calculable_from(period):
            problems.append(
                _(
                    "%(period)s can be calculated from %(day)s (the month's end plus %(grace)d days for late data)."
                )
                % {"period": period, "day": calculable_from(period), "grace": settings.REWARDS_GRACE_DAYS}
            )
        consequences = [
            _(
                "The readers, course points and referrals of %(start)s to %(end)s are measured (page views still "
                "buffered in Redis are counted first), with reward policy version %(version)s."
            )
            % {"start": period.start, "end": period.end, "version": RewardPolicy.current().version},
            _("The pool is what the ledger holds for %(period)s now.") % {"period": period},
            _(
                "Draft statements replace any earlier ones (and their flags); each contributor sees theirs and has "
                "%(days)d days to flag it before a second Finance user may close the month."
            )
            % {"days": settings.REWARDS_DISPUTE_DAYS},
        ]
        return confirm_page(request, period, _("Calculate %(period)s?") % {"period": period}, consequences,
                            problems, _("Calculate"))  # fmt: skip
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


@requires(RUN_PERIODS)
def close(request, pk):
    """GET (or a POST without confirm=yes) shows what closing will write; a confirmed POST closes."""
    period = get_object_or_404(RewardPeriod, pk=pk)
    if not confirmed(request):
        problems = []
        if period.status != RewardPeriod.Status.CALCULATED:
            problems.append(_("Only a calculated period can be closed."))
        if period.calculated_by_id and period.calculated_by_id == request.user.pk:
            problems.append(_("You calculated this period; a second Finance user closes it (four eyes)."))
        if period.dispute_until and timezone.now() < period.dispute_until:
            problems.append(
                _("Contributors can flag their statements until %(when)s.")
                % {"when": timezone.localtime(period.dispute_until).strftime("%Y-%m-%d %H:%M")}
            )
        flagged = period.statements.exclude(flagged_at=None).select_related("contributor")
        open_flags = [statement for statement in flagged if statement.flag_open]
        consequences = [
            _("%(paid)s is paid to %(count)d contributor(s) (the payout file is then fixed).")
            % {"paid": format_money(period.paid), "count": period.statements.filter(paid__gt=0).count()},
            _("%(back)s given back becomes a donation to next month's pool; %(reserves)s returns to the reserves; "
              "%(carried)s is carried forward.")
            % {"back": format_money(period.given_back), "reserves": format_money(period.to_reserves),
               "carried": format_money(period.carried_forward)},
            _("The entries are written to the ledger once and can never be changed or undone."),
        ]  # fmt: skip
        consequences += [
            _("Flagged by %(name)s: %(note)s") % {"name": s.contributor.display_name, "note": s.flag_note}
            + (" " + _("Answered: %(answer)s") % {"answer": s.flag_answer} if s.flag_resolved_at else "")
            for s in flagged
        ]
        consequences += [
            _("Excluded after review, %(name)s's %(stream)s: %(what)s. %(reason)s")
            % {
                "name": e.contributor.display_name,
                "stream": e.label,
                "what": e.describe(),
                "reason": e.reason,
            }
            for e in period.exclusions.select_related("contributor")
        ]
        despite = (
            _("Close although %(count)d flag(s) are not answered.") % {"count": len(open_flags)}
            if open_flags
            else ""
        )
        return confirm_page(request, period, _("Close %(period)s?") % {"period": period}, consequences,
                            problems, _("Close and write payouts"), despite=despite)  # fmt: skip
    try:
        result = close_period(
            period, by=request.user, despite_open_flags=request.POST.get("despite_open_flags") == "yes"
        )
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


@requires(RUN_PERIODS)
def answer_flag(request, pk):
    """Finance answers a contributor's flag on their draft statement, which resolves it."""
    statement = get_object_or_404(
        Statement.objects.select_related("period", "contributor").exclude(flagged_at=None), pk=pk
    )
    form = FlagAnswerForm(request.POST or None, initial={"answer": statement.flag_answer})
    if request.method == "POST" and form.is_valid():
        try:
            resolve_flag(statement, by=request.user, answer=form.cleaned_data["answer"])
        except PeriodError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Flag of %(name)s answered and resolved.") % {"name": statement.contributor.display_name},
            )
            return redirect(period_url(statement.period))
    return render_form(
        request,
        form,
        _("Answer the flag of %(name)s on %(period)s") % {"name": statement.contributor.display_name,
                                                          "period": statement.period},
        intro=_("%(name)s wrote on %(when)s: “%(note)s”")
        % {"name": statement.contributor.display_name, "when": statement.flagged_at.strftime("%Y-%m-%d"),
           "note": statement.flag_note},
        submit=_("Answer and resolve"),
    )  # fmt: skip


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


@requires(SEE_ALL_STATEMENTS)
def review(request, pk):
    """The review before pay: contributors whose metrics changed most against their own
    history, with the evidence, and (for Finance) a form to exclude a metric."""
    period = get_object_or_404(RewardPeriod.objects.select_related("policy"), pk=pk)
    can_exclude = request.user.has_perm(EXCLUDE_METRICS) and period.status == RewardPeriod.Status.CALCULATED
    rows = period_review(period) if period.status != RewardPeriod.Status.OPEN else []
    if can_exclude:
        metrics = excludable_metrics(period).values()
        for row in rows:
            row.excludable = [metric for metric in metrics if metric.contributor_id == row.contributor_id]
    context = {
        "period": period,
        "back_url": period_url(period),
        "can_exclude": can_exclude,
        "rows": rows,
        "history_months": HISTORY_MONTHS,
    }
    return TemplateResponse(request, "rewards/admin/review.html", context)


@requires(EXCLUDE_METRICS)
def exclude(request, pk):
    """GET shows the form, whose choices are the period's measured metrics; a valid POST
    records the exclusion and calculates the period again. A period that is not
    calculated, or has nothing left to exclude, says so instead of showing a form."""
    period = get_object_or_404(RewardPeriod, pk=pk)
    form = MetricExclusionForm(request.POST or None, period=period)
    title = _("Exclude a metric from %(period)s") % {"period": period}
    nothing = nothing_to_exclude(period, form)
    if nothing:
        context = {
            "title": title,
            "message": nothing,
            "back_url": reverse("rewards_admin:review", args=[period.pk]),
        }
        return TemplateResponse(request, "rewards/admin/nothing_to_exclude.html", context)
    if request.method == "POST" and form.is_valid():
        metric = form.cleaned_data["metric"]
        try:
            exclusion = exclude_metric(
                period,
                contributor_id=metric.contributor_id,
                stream=metric.stream,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except PeriodError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Excluded %(what)s of %(contributor)s from %(period)s; the period is calculated again.")
                % {"what": exclusion.describe(), "contributor": exclusion.contributor, "period": period},
            )
            return redirect("rewards_admin:review", pk=period.pk)
    return render_form(request, form, title, submit=_("Exclude and calculate again"))


def nothing_to_exclude(period, form):
    """Why the period has no metric to exclude, or "" when it has one."""
    if period.is_closed:
        return _("%(period)s is closed; it never changes.") % {"period": period}
    if period.status != RewardPeriod.Status.CALCULATED:
        return _("%(period)s is not calculated yet; review it once it is.") % {"period": period}
    if not form.metrics:
        if period.measured and any(period.measured.values()):
            return _("Every metric measured in %(period)s is excluded already.") % {"period": period}
        return _("Nothing was measured in %(period)s, so there is no metric to exclude.") % {"period": period}
    return ""
