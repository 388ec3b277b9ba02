"""A period's life: open, then calculated once the month and its grace period are over
(with the page-view buffer flushed and the metrics fingerprinted), then a dispute
window in which contributors see and flag their draft, then closed by a second
Finance user. The same rules hold for the admin and manage.py calculate_rewards."""

import os
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from community.people import roles
from community.people.factories import UserFactory
from community.rewards.factories import RewardPeriodFactory
from community.rewards.models import RewardPeriod, Statement
from community.rewards.periods import PeriodError, calculate_period, close_period, resolve_flag
from community.rewards.registry import RewardStream, override_streams
from community.rewards.tests.helpers import calculate_when_due, close_when_due

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("month", "today", "first_day"),
    [
        (date(2026, 12, 1), date(2026, 12, 2), "2027-01-04"),  # the current month
        (date(2026, 11, 1), date(2026, 12, 2), "2026-12-04"),  # over, but late data may still come
        (date(2099, 1, 1), date(2026, 12, 2), "2099-02-04"),  # the future
    ],
)
def test_a_month_is_calculated_only_after_it_ends_and_its_grace_period(
    stream_metrics, month, today, first_day
):
    period = RewardPeriodFactory(start=month)
    with pytest.raises(PeriodError, match=f"can be calculated from {first_day}"):
        calculate_period(period, today=today)
    assert RewardPeriod.objects.get(pk=period.pk).status == RewardPeriod.Status.OPEN


def test_the_grace_period_is_a_setting(stream_metrics, settings):
    settings.REWARDS_GRACE_DAYS = 0
    period = calculate_period(RewardPeriodFactory(start=date(2026, 11, 1)), today=date(2026, 12, 1))
    assert period.status == RewardPeriod.Status.CALCULATED


def test_closing_needs_a_second_finance_user_after_the_dispute_window(october):
    fiona, tariq = UserFactory(roles=[roles.FINANCE]), UserFactory(roles=[roles.FINANCE])
    now = timezone.now()
    period = calculate_period(october, by=fiona, now=now)
    assert period.dispute_until == now + timedelta(days=7)
    with pytest.raises(PeriodError, match="four eyes"):
        close_period(october, by=fiona, now=period.dispute_until)
    with pytest.raises(PeriodError, match="four eyes"):
        close_period(october, by=None, now=period.dispute_until)
    with pytest.raises(PeriodError, match="can flag their 2026-10 statements until"):
        close_period(october, by=tariq, now=period.dispute_until - timedelta(seconds=1))
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED
    assert close_period(october, by=tariq, now=period.dispute_until).period.closed_by == tariq


def test_metrics_that_change_after_calculating_block_the_close(october, stream_metrics, contributors):
    calculate_when_due(october)
    stream_metrics["blogging"][contributors["li"].pk] += 1  # one more reader, counted late
    with pytest.raises(
        PeriodError, match="Money, metrics or balances for 2026-10 changed after it was calculated"
    ):
        close_when_due(october)
    calculate_when_due(october)
    assert close_when_due(october).entries_written > 0


def test_a_contributor_sees_and_flags_her_draft_statement_and_finance_sees_the_flag(
    client, october, contributors
):
    calculate_when_due(october)
    amara = contributors["amara"]
    statement = Statement.objects.get(period=october, contributor=amara)
    client.force_login(amara.user)
    page = client.get(reverse("rewards:statement", args=[statement.pk])).content.decode()
    assert "This is a draft" in page and "Flag this statement" in page

    flag_url = reverse("rewards:flag_statement", args=[statement.pk])
    client.post(flag_url, {"note": "My October course is missing."})
    statement.refresh_from_db()
    assert statement.flag_note == "My October course is missing." and statement.flagged_at

    other = Statement.objects.get(period=october, contributor=contributors["li"])
    assert client.post(reverse("rewards:flag_statement", args=[other.pk]), {"note": "x"}).status_code == 404
    assert Statement.objects.get(pk=other.pk).flag_note == ""

    client.force_login(UserFactory(roles=[roles.FINANCE]))
    confirm = client.get(reverse("rewards_admin:close", args=[october.pk])).content.decode()
    assert "Flagged by Amara Okafor: My October course is missing." in confirm
    assert "Contributors can flag their statements until" in confirm

    RewardPeriod.objects.filter(pk=october.pk).update(dispute_until=timezone.now())  # the window has passed
    client.force_login(amara.user)
    client.post(flag_url, {"note": "Too late"})
    assert Statement.objects.get(pk=statement.pk).flag_note == "My October course is missing."


def test_an_empty_flag_is_refused_beside_the_note_and_changes_nothing(client, october, contributors):
    calculate_when_due(october)
    statement = Statement.objects.get(period=october, contributor=contributors["amara"])
    client.force_login(statement.contributor.user)
    response = client.post(reverse("rewards:flag_statement", args=[statement.pk]), {"note": "  \n "})

    assert response.status_code == 400
    form = BeautifulSoup(response.content, "html.parser").find("form", class_="flag-form")
    note = form.find("textarea", attrs={"name": "note"})
    assert note["aria-invalid"] == "true"
    error = form.find(id=note["aria-describedby"].split()[-1])
    assert "Say what looks wrong" in error.get_text()
    assert note.find_parent(class_="field") is error.find_parent(class_="field")
    assert Statement.objects.get(pk=statement.pk).flagged_at is None


def flag(client, statement, note):
    client.force_login(statement.contributor.user)
    client.post(reverse("rewards:flag_statement", args=[statement.pk]), {"note": note})


def test_finance_answers_a_flag_and_the_contributor_reads_the_answer(
    client, october, contributors, make_user
):
    calculate_when_due(october)
    statement = Statement.objects.get(period=october, contributor=contributors["amara"])
    flag(client, statement, "My October course is missing.")
    answer_url = reverse("rewards_admin:answer_flag", args=[statement.pk])

    client.force_login(make_user(roles.EDITORS))
    assert client.get(answer_url).status_code in (302, 403)
    client.post(answer_url, {"answer": "Fine"})
    assert Statement.objects.get(pk=statement.pk).flag_resolved_at is None

    finance = make_user(roles.FINANCE)
    client.force_login(finance)
    inspect = client.get(
        reverse("rewards_rewardperiod_modeladmin_inspect", args=[october.pk])
    ).content.decode()
    assert "My October course is missing." in inspect and answer_url in inspect
    assert "My October course is missing." in client.get(answer_url).content.decode()
    assert client.post(answer_url, {"answer": "   "}).status_code == 200
    assert Statement.objects.get(pk=statement.pk).flag_resolved_at is None
    assert client.post(answer_url, {"answer": "The course was published on 3 November."}).status_code == 302
    statement.refresh_from_db()
    assert (statement.flag_answer, statement.flag_resolved_by) == (
        "The course was published on 3 November.",
        finance,
    )

    client.force_login(statement.contributor.user)
    page = client.get(reverse("rewards:statement", args=[statement.pk])).content.decode()
    assert "Finance answered" in page and "The course was published on 3 November." in page


def test_a_month_with_open_flags_closes_only_when_finance_confirms(client, october, contributors, make_user):
    calculate_when_due(october)
    amara = Statement.objects.get(period=october, contributor=contributors["amara"])
    li = Statement.objects.get(period=october, contributor=contributors["li"])
    flag(client, amara, "Missing readers.")
    flag(client, li, "Wrong course.")
    resolve_flag(li, by=UserFactory(roles=[roles.FINANCE]), answer="Checked: right.")

    # Recalculating keeps the flags and the answers.
    calculate_when_due(october)
    amara = Statement.objects.get(period=october, contributor=contributors["amara"])
    assert (amara.flag_note, amara.flag_open) == ("Missing readers.", True)
    assert (
        Statement.objects.get(period=october, contributor=contributors["li"]).flag_answer == "Checked: right."
    )

    with pytest.raises(
        PeriodError, match=r"1 statement\(s\) of 2026-10 are flagged and not resolved \(Amara Okafor\)"
    ):
        close_when_due(october)
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED

    client.force_login(make_user(roles.FINANCE))
    close_url = reverse("rewards_admin:close", args=[october.pk])
    confirm = client.get(close_url).content.decode()
    assert "Missing readers." in confirm and 'name="despite_open_flags"' in confirm
    RewardPeriod.objects.filter(pk=october.pk).update(dispute_until=timezone.now())
    client.post(close_url, {"confirm": "yes"})
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED
    client.post(close_url, {"confirm": "yes", "despite_open_flags": "yes"})
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CLOSED
    with pytest.raises(PeriodError, match="closed"):
        resolve_flag(amara, by=UserFactory(roles=[roles.FINANCE]), answer="Too late")


@pytest.fixture
def redis_buffer(settings, redis_url):
    settings.TRACKING_RECORDER = "redis"
    settings.TRACKING_REDIS_URL = redis_url
    settings.TRACKING_REDIS_PREFIX = f"test:books:{os.getpid()}:"
    settings.TRACKING_FLUSH_INTERVAL = 3600  # flushed by the calculation, not by the recording
    from community.tracking.recorders import get_recorder

    recorder = get_recorder()
    recorder.clear()
    recorder.client.set(recorder.keys["due"], "1", ex=3600)  # a flush is not due yet
    yield recorder
    recorder.clear()


def test_views_still_in_the_redis_buffer_are_counted_before_calculating(
    redis_buffer, home_page, contributors
):
    from community.tracking.models import PageViewDaily

    amara = contributors["amara"]
    period = RewardPeriodFactory(start=date(2026, 10, 1))

    def views_of_the_home_page(start, end):
        rows = PageViewDaily.objects.filter(page=home_page, day__range=(start, end))
        return {amara.pk: rows.aggregate(total=Sum("views"))["total"] or 0}

    stream = RewardStream(
        name="blogging", label="Blogging", unit="view", unit_plural="views",
        measure=views_of_the_home_page, default_weight=1, default_minimum=0,
    )  # fmt: skip
    for visitor in range(3):
        redis_buffer.record(home_page.pk, date(2026, 10, 31), f"visitor-{visitor}")
    assert (PageViewDaily.objects.count(), redis_buffer.pending_views()) == (0, 3)  # still in Redis
    with override_streams(stream):
        calculate_when_due(period)
    line = Statement.objects.get(period=period, contributor=amara).lines.get(stream="blogging")
    assert line.metric == 3
