"""Public transparency pages, the worked example, and each contributor's own statements."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from wagtail.models import Page

from community.people.models import ContributorProfile

from .charts import money_flow_chart
from .models import LedgerEntry, RewardPeriod, Statement, StatementLine
from .periods import PeriodError, parse_month
from .registry import get_stream
from .worked_example import build_worked_example

Status = RewardPeriod.Status


def how_rewards_work_page():
    """The editors' "How rewards work" page, to link back to, if it is published."""
    return Page.objects.live().public().filter(slug="how-rewards-work").first()


def period_list(request):
    periods = RewardPeriod.objects.filter(status=Status.CLOSED).select_related("policy").order_by("-start")
    page_obj = Paginator(periods, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "rewards/period_list.html",
        {"page_obj": page_obj, "periods": page_obj.object_list, "rewards_page": how_rewards_work_page()},
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
    return render(
        request,
        "rewards/period_detail.html",
        {
            "period": period,
            "streams": streams,
            "total_weight": total_weight,
            "chart": money_flow_chart(period),
            "previous": previous,
            "following": following,
            "rewards_page": how_rewards_work_page(),
        },
    )


def how_it_works(request):
    return render(
        request,
        "rewards/how_it_works.html",
        {"example": build_worked_example(), "rewards_page": how_rewards_work_page()},
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
    return {
        "profile": profile,
        "statements": statements,
        "balance": LedgerEntry.objects.carry_forward_balances([profile.pk]).get(profile.pk, 0),
    }


@login_required
def statement_list(request):
    profile = ContributorProfile.of(request.user)
    if profile is None:
        raise Http404
    return render(request, "rewards/statement_list.html", own_statements_context(profile))


@login_required
def statement_detail(request, pk):
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
    return render(
        request, "rewards/statement_detail.html", {"statement": statement, "lines": statement.lines.all()}
    )
