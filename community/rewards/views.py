"""Public transparency pages, the worked example, and each contributor's own statements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from community.people.models import ContributorProfile

from .charts import money_flow_chart
from .forms import StatementFlagForm
from .ledger import clawback_reasons, period_outcomes
from .models import LedgerEntry, RewardPeriod, RewardsSettings, Statement, StatementLine
from .periods import PeriodError, parse_month
from .registry import get_stream
from .worked_example import build_worked_example

Status = RewardPeriod.Status


def how_rewards_work_page(request):
    """The editors' "How rewards work" page (chosen in the rewards settings), if it is published."""
    chosen = RewardsSettings.objects.filter(site=Site.find_for_request(request)).values(
        "how_rewards_work_page"
    )
    return Page.objects.live().public().filter(pk__in=chosen).first()


def period_list(request):
    periods = RewardPeriod.objects.filter(status=Status.CLOSED).select_related("policy").order_by("-start")
    page_obj = Paginator(periods, 24).get_page(request.GET.get("page"))
    outcomes = period_outcomes(page_obj.object_list)
    rows = [(period, outcomes[period.pk]) for period in page_obj.object_list]
    context = {"page_obj": page_obj, "periods": page_obj.object_list, "rows": rows}
    return render(
        request, "rewards/period_list.html", context | {"rewards_page": how_rewards_work_page(request)}
    )


def period_detail(request, month):
    """The transparency report of a closed period; others are not public yet."""
    try:
        start = parse_month(month)
    except PeriodError:
        raise Http404
    period = get_object_or_404(
        RewardPeriod.objects.select_related("policy"), start=start, status=Status.CLOSED
    )
    streams = [
        {**summary, "stream": get_stream(summary["name"])}
        for summary in period.stream_summary
        if summary["weight"]
    ]
    total_weight = sum(summary["weight"] for summary in streams)
    previous = (
        RewardPeriod.objects.filter(status=Status.CLOSED, start__lt=period.start).order_by("-start").first()
    )
    following = (
        RewardPeriod.objects.filter(status=Status.CLOSED, start__gt=period.start).order_by("start").first()
    )
    outcome = period_outcomes([period])[period.pk]
    return render(
        request,
        "rewards/period_detail.html",
        {
            "period": period,
            "outcome": outcome,
            "streams": streams,
            "total_weight": total_weight,
            "chart": money_flow_chart(period, outcome),
            "previous": previous,
            "following": following,
            "rewards_page": how_rewards_work_page(request),
        },
    )


def how_it_works(request):
    return render(
        request,
        "rewards/how_it_works.html",
        {"example": build_worked_example(), "rewards_page": how_rewards_work_page(request)},
    )


def own_statements_context(profile, limit=None):
    statements = (
        Statement.objects.filter(contributor=profile)
        .exclude(period__status=Status.OPEN)
        .select_related("period")
        .order_by("-period__start")
    )
    if limit:
        statements = statements[:limit]
    balance = LedgerEntry.objects.carry_forward_balances([profile.pk]).get(profile.pk, 0)
    return {
        "profile": profile,
        "statements": statements,
        "balance": balance,
        "owed": max(-balance, 0),
        "clawbacks": clawback_reasons([profile.pk]).get(profile.pk, []),
    }


@login_required
def statement_list(request):
    profile = ContributorProfile.of(request.user)
    if profile is None:
        raise Http404
    return render(request, "rewards/statement_list.html", own_statements_context(profile))


def own_statement(request, pk):
    """A contributor's own statement; anyone else's is a 404, whatever id is guessed."""
    statement = get_object_or_404(
        Statement.objects.select_related("period", "period__policy", "contributor").prefetch_related(
            Prefetch("lines", queryset=StatementLine.objects.order_by("pk"))
        ),
        pk=pk,
        contributor__user=request.user,
    )
    if statement.period.status == Status.OPEN:
        raise Http404
    return statement


def can_flag(statement):
    period = statement.period
    return (
        period.status == Status.CALCULATED and period.dispute_until and timezone.now() < period.dispute_until
    )


def render_statement(request, statement, flag_form=None, status=200):
    can = can_flag(statement)
    context = {
        "statement": statement,
        "lines": statement.lines.all(),
        "can_flag": can,
        "flag_form": (flag_form or StatementFlagForm(dispute_until=statement.period.dispute_until))
        if can
        else None,
    }
    return render(request, "rewards/statement_detail.html", context, status=status)


@login_required
def statement_detail(request, pk):
    return render_statement(request, own_statement(request, pk))


@require_POST
@login_required
def flag_statement(request, pk):
    """The contributor says their draft statement looks wrong; Finance sees it before closing."""
    statement = own_statement(request, pk)
    if not can_flag(statement):
        messages.error(
            request, "This statement can no longer be flagged: the month's dispute window is over."
        )
        return redirect("rewards:statement", pk=statement.pk)
    form = StatementFlagForm(request.POST, dispute_until=statement.period.dispute_until)
    if not form.is_valid():
        return render_statement(request, statement, flag_form=form, status=400)
    statement.flagged_at, statement.flag_note = timezone.now(), form.cleaned_data["note"]
    statement.save(update_fields=["flagged_at", "flag_note"])
    messages.success(request, "Thank you: Finance will check your statement before the month is closed.")
    return redirect("rewards:statement", pk=statement.pk)
