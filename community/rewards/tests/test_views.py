"""Public transparency pages, the worked example, and contributors' own statements."""

from datetime import date
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.template import Context, Template
from django.utils import timezone

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.rewards.factories import (
    DonationFactory,
    LedgerEntryFactory,
    ReserveAllocationFactory,
    RewardPeriodFactory,
)
from community.rewards.ledger import period_outcomes
from community.rewards.models import LedgerEntry, RewardPeriod, RewardPolicy, RewardsSettings, Statement
from community.rewards.periods import calculate_period
from community.rewards.tests.helpers import calculate_when_due, close_when_due
from portal.money import format_money

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


@pytest.fixture
def fund_october():
    """October's 1,000.00 from every source the public page lists."""

    def fund(period):
        for amount in (6_000, 6_000):
            LedgerEntryFactory(period=period, amount=amount)  # fees: 30% of 120.00 -> 36.00
        DonationFactory(period=period, amount=50_000)
        DonationFactory(period=period, amount=7_000, to_pool=False)
        ReserveAllocationFactory(period=period, amount=46_400)

    return fund


@pytest.fixture
def closed_october(october):
    calculate_period(october)
    close_when_due(october)
    return RewardPeriod.objects.get(pk=october.pk)


def test_a_contributor_reads_their_own_statement(client, home_page, closed_october, contributors):
    li = contributors["li"]
    statement = Statement.objects.get(contributor=li)
    client.force_login(li.user)
    response = client.get(f"/rewards/statements/{statement.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your reward for" in content and "below the 3-point minimum" in content
    assert "carried forward" in content


def test_a_contributor_cannot_read_another_statement_by_guessing_its_id(
    client, home_page, closed_october, contributors
):
    client.force_login(contributors["li"].user)
    for statement in Statement.objects.exclude(contributor=contributors["li"]):
        assert client.get(f"/rewards/statements/{statement.pk}/").status_code == 404
    assert client.get("/rewards/statements/999999/").status_code == 404


def test_statements_need_a_signed_in_contributor(client, home_page, closed_october, make_user):
    statement = Statement.objects.first()
    response = client.get(f"/rewards/statements/{statement.pk}/")
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(make_user())
    assert client.get(f"/rewards/statements/{statement.pk}/").status_code == 404
    assert client.get("/rewards/statements/").status_code == 404


def test_the_account_page_lists_own_statements_and_balance(client, home_page, closed_october, contributors):
    client.force_login(contributors["li"].user)
    response = client.get("/account/")
    content = response.content.decode()
    assert "My reward statements" in content
    assert "October 2026" in content
    own = Statement.objects.get(contributor=contributors["li"])
    assert f"/rewards/statements/{own.pk}/" in content
    other = Statement.objects.get(contributor=contributors["amara"])
    assert f"/rewards/statements/{other.pk}/" not in content
    assert client.get("/rewards/statements/").status_code == 200


def test_a_member_without_a_profile_sees_no_rewards_section(client, home_page, make_user):
    client.force_login(make_user())
    assert "My reward statements" not in client.get("/account/").content.decode()


def test_the_transparency_page_shows_where_the_money_went(
    client, home_page, closed_october, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):  # two of them read the outcome from the ledger
        response = client.get("/rewards/2026-10/")
    assert response.status_code == 200
    content = response.content.decode()
    # 36.00 fees + 500.00 donations + 464.00 reserves = 1,000.00
    assert "1,000.00 USD in the pool" in content
    assert "36.00 USD" in content and "500.00 USD" in content and "464.00 USD" in content
    assert "70.00 USD" in content  # general funds are shown, outside the pool
    assert "<svg" in content and 'role="img"' in content
    assert "weight 50 (50.0%)" in content
    # Amara and Li are paid, Sofia volunteers: "paid to 2", not to all 3 who were rewarded.
    assert closed_october.rewarded == 3
    assert "paid to 2 contributors" in content and "volunteered to the reserves by 1 contributor" in content


def test_every_public_money_page_accounts_for_the_whole_pool_with_the_people(
    client, home_page, october, contributors, stream_metrics
):
    tom = ContributorProfileFactory(display_name="Tom Becker", payout_preference="give_back")
    stream_metrics["blogging"][tom.pk] = 700
    calculate_period(october)
    close_when_due(october)
    outcome = period_outcomes([RewardPeriod.objects.get(pk=october.pk)])[october.pk]
    statements = Statement.objects.filter(period=october)
    assert outcome.accounted == outcome.pool == 100_000
    assert (outcome.paid, outcome.paid_people) == (
        sum(s.paid for s in statements),
        statements.filter(paid__gt=0).count(),
    )
    assert (outcome.given_back_people, outcome.volunteered_people) == (1, 1)
    assert outcome.given_back == statements.get(contributor=tom).given_back > 0

    def shown(minor):
        return format_money(minor)

    sentence = (
        f"{shown(outcome.pool)} in the pool: {shown(outcome.paid)} paid to {outcome.paid_people} contributor{'s' if outcome.paid_people != 1 else ''}, "
        f"{shown(outcome.given_back)} given back to next month's pool by 1 contributor, "
        f"{shown(outcome.volunteered)} volunteered to the reserves by 1 contributor"
    )
    assert sentence in client.get("/rewards/2026-10/").content.decode()
    assert sentence in client.get("/").content.decode()
    listing = client.get("/rewards/").content.decode()
    for amount, people in (
        (outcome.paid, outcome.paid_people),
        (outcome.given_back, 1),
        (outcome.volunteered, 1),
    ):
        assert f"{shown(amount)} ({people})" in listing
    assert shown(outcome.unallocated) in listing


def test_only_closed_periods_are_public(client, home_page, october):
    assert client.get("/rewards/2026-10/").status_code == 404
    calculate_period(october)
    assert client.get("/rewards/2026-10/").status_code == 404
    assert client.get("/rewards/2026-13/").status_code == 404
    assert "No month has been closed yet" in client.get("/rewards/").content.decode()


def test_the_listing_shows_closed_periods(client, home_page, closed_october, django_assert_max_num_queries):
    # Two of them read every month's outcome from the ledger; one finds the site's own address
    # for the canonical and og: links (cached after the first page).
    with django_assert_max_num_queries(13):
        response = client.get("/rewards/")
    content = response.content.decode()
    assert "/rewards/2026-10/" in content and "October 2026" in content
    assert "2026-11" not in content  # opened by the close, not closed


def test_the_worked_example_follows_the_current_policy(client, home_page):
    response = client.get("/rewards/how-it-works/")
    assert response.status_code == 200
    content = response.content.decode()
    version = RewardPolicy.current().version
    assert "1,000.00 USD" in content and f"version {version}" in content
    assert "No one may get more than 25% of the pool (250.00 USD)" in content
    assert "Chloé</strong> volunteers" in content
    # Every cent of the example's pool is accounted for in the closing sentence.
    assert (
        "659.50 USD paid, 189.00 USD given back, 144.00 USD to the reserves and 7.50 USD carried forward, "
        "which is the whole pool of 1,000.00 USD"
    ) in content

    current = RewardPolicy.current()
    RewardPolicy.objects.create(
        stream_settings=current.stream_settings, cap_percent=40, minimum_payout=500, note="Higher cap"
    )
    content = client.get("/rewards/how-it-works/").content.decode()
    assert (
        f"version {version + 1}" in content
        and "40% of the pool (400.00 USD)" in content
        and "5.00 USD" in content
    )


def test_the_worked_example_tag_renders_anywhere(rf, db):
    html = Template("{% load rewards_tags %}{% rewards_worked_example %}").render(
        Context({"request": rf.get("/")})
    )
    assert "The pool is split between the streams by weight" in html


def test_the_home_page_links_the_latest_report(client, home_page, closed_october):
    content = client.get("/").content.decode()
    assert "Where the money went in October 2026" in content
    assert "/rewards/2026-10/" in content


def test_the_home_page_has_no_rewards_section_before_a_period_closes(client, home_page):
    assert "Where the money went" not in client.get("/").content.decode()


def test_the_command_calculates_and_closes_with_four_eyes_after_the_dispute_window(october):
    fiona = UserFactory(email="fiona@kmp.example", roles=[roles.FINANCE])
    UserFactory(email="tariq@kmp.example", roles=[roles.FINANCE])
    out = StringIO()
    call_command("calculate_rewards", "2026-10", "--by", "fiona@kmp.example", stdout=out)
    assert "2026-10: pool 1,000.00 USD, 3 statements" in out.getvalue()
    period = RewardPeriod.objects.get(pk=october.pk)
    assert (period.status, period.calculated_by) == (RewardPeriod.Status.CALCULATED, fiona)
    with pytest.raises(CommandError, match="needs --by"):
        call_command("calculate_rewards", "2026-10", "--close", stdout=out)
    with pytest.raises(CommandError, match="flag their 2026-10 statements until"):
        call_command("calculate_rewards", "2026-10", "--close", "--by", "tariq@kmp.example", stdout=out)
    RewardPeriod.objects.filter(pk=october.pk).update(dispute_until=timezone.now())  # the window has passed
    with pytest.raises(CommandError, match="four eyes"):
        call_command("calculate_rewards", "2026-10", "--close", "--by", "fiona@kmp.example", stdout=out)
    with pytest.raises(CommandError, match="not a Finance user"):
        call_command("calculate_rewards", "2026-10", "--close", "--by", UserFactory().email, stdout=out)
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED

    call_command("calculate_rewards", "2026-10", "--close", "--by", "tariq@kmp.example", stdout=out)
    assert "2026-10 closed" in out.getvalue()
    written = LedgerEntry.objects.filter(origin_period=october).count()
    call_command("calculate_rewards", "2026-10", "--close", "--by", "tariq@kmp.example", stdout=out)
    assert "already closed; nothing was written" in out.getvalue()
    assert LedgerEntry.objects.filter(origin_period=october).count() == written
    with pytest.raises(CommandError, match="is closed"):
        call_command("calculate_rewards", "2026-10", stdout=out)
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("calculate_rewards", "last month", stdout=out)


def test_a_contributor_with_a_balance_only_gets_a_statement(stream_metrics):
    profile = ContributorProfileFactory()
    period = RewardPeriodFactory(start=date(2026, 9, 1))
    LedgerEntryFactory(
        period=period, kind=Kind.RESERVE_ALLOCATION, amount=500, member=None, payment_reference=""
    )
    stream_metrics["blogging"][profile.pk] = 30
    calculate_period(period)
    close_when_due(period)
    november = calculate_when_due(date(2026, 10, 1))
    statement = Statement.objects.get(period=november, contributor=profile)
    # September: 5.00 in the pool, capped at 25% -> 1.25, below the minimum payout.
    assert (statement.allocated, statement.balance_before, statement.balance_after) == (0, 125, 125)
    assert "brought forward from earlier periods" in statement.explanation


def test_the_how_rewards_work_page_carries_the_worked_example(client, home_page):
    from home.factories import StandardPageFactory

    page = StandardPageFactory(parent=home_page, title="How rewards work", slug="how-rewards-work")
    StandardPageFactory(parent=home_page, title="About KMP", slug="about")
    RewardsSettings.objects.create(site=page.get_site(), how_rewards_work_page=page)
    content = client.get("/how-rewards-work/").content.decode()
    assert "The pool is split between the streams by weight" in content
    assert "No one may get more than 25% of the pool" in content
    assert "The pool is split between the streams" not in client.get("/about/").content.decode()


def test_the_public_report_is_read_from_the_ledger_not_from_period_or_statement_rows(
    client, home_page, closed_october
):
    """Issue 14, item 3: rows of a closed period changed behind the application's back
    (a table owner can, or, on PostgreSQL, one who disables the triggers) do not change
    what the public pages say: their money comes from the hash-chained ledger."""
    before_list = client.get("/rewards/").content.decode()
    before_report = client.get("/rewards/2026-10/").content.decode()
    assert "1,000.00 USD in the pool" in before_report
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cursor.execute(
            "UPDATE rewards_rewardperiod SET pool = 1, paid = 1, fees = 1, fees_to_pool = 1, "
            "donations_to_pool = 1, reserve_allocations = 1, given_back = 1, volunteered = 1, "
            "unallocated = 1, carried_forward = 1, brought_forward = 1 WHERE id = %s",
            [closed_october.pk],
        )
        cursor.execute(
            "UPDATE rewards_statement SET volunteered = 0, paid = 0 WHERE period_id = %s", [closed_october.pk]
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
    assert client.get("/rewards/").content.decode() == before_list
    after_report = client.get("/rewards/2026-10/").content.decode()
    assert after_report == before_report


def test_the_worked_example_follows_the_page_the_settings_choose_not_a_slug(client, home_page):
    from home.factories import StandardPageFactory

    chosen = StandardPageFactory(parent=home_page, title="Our money", slug="our-money")
    StandardPageFactory(parent=home_page, title="How rewards work", slug="how-rewards-work")
    RewardsSettings.objects.create(site=chosen.get_site(), how_rewards_work_page=chosen)
    assert "The pool is split between the streams by weight" in client.get("/our-money/").content.decode()
    assert "The pool is split between the streams" not in client.get("/how-rewards-work/").content.decode()
    assert 'href="/our-money/"' in client.get("/rewards/how-it-works/").content.decode()


def test_migrating_chooses_the_page_that_had_the_old_slug(home_page):
    from importlib import import_module

    from django.apps import apps

    from home.factories import StandardPageFactory

    migration = import_module("community.rewards.migrations.0010_how_rewards_work_setting")
    page = StandardPageFactory(parent=home_page, title="How rewards work", slug="how-rewards-work")
    migration.choose_the_page_by_its_old_slug(apps, None)
    assert RewardsSettings.objects.get(site=page.get_site()).how_rewards_work_page_id == page.pk


def test_the_home_page_greets_a_contributor_with_their_latest_statement(
    client, home_page, closed_october, contributors
):
    li = contributors["li"]
    statement = Statement.objects.get(contributor=li)
    client.force_login(li.user)
    greeting = BeautifulSoup(client.get("/").content, "html.parser").find("section", class_="greeting")
    assert "Your latest statement" in greeting.get_text()
    assert greeting.find("a", href=statement.get_absolute_url()).get_text() == closed_october.label
    client.force_login(contributors["amara"].user)
    other = BeautifulSoup(client.get("/").content, "html.parser").find("section", class_="greeting")
    assert statement.get_absolute_url() not in str(other)
