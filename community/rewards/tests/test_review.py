"""The review before pay: the ranking against each contributor's own history, the
evidence of networks, accounts and timings, and Finance's exclusions, which are
audited, recalculate the month and reach the contributor's statement."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.rewards.factories import RewardPeriodFactory
from community.rewards.models import ClosedPeriodError, MetricExclusion, RewardPeriod, Statement
from community.rewards.periods import PeriodError, apply_exclusions
from community.rewards.review import EXCLUDE_ACTION, exclude_metric, growth, period_review, rank_changes
from community.rewards.tests.helpers import close_when_due
from community.rewards.tests.review_scenario import seed_review_scenario
from community.tracking.evidence import bunched, busiest_window, reader_evidence

pytestmark = pytest.mark.django_db


# The ranking, without a database.


def test_a_jump_against_ones_own_median_ranks_above_a_steady_large_audience():
    current = {"blogging": {1: 900, 2: 90, 3: 30}}
    history = {"blogging": {1: [880, 910, 905], 2: [20, 25, 24], 3: [0, 0, 0]}}
    ranked = rank_changes(current, history, {"blogging": 20})
    assert [row.contributor_id for row in ranked] == [2, 3, 1]
    gamer = ranked[0].changes[0]
    assert (gamer.current, gamer.median) == (90, 24)
    assert gamer.growth == Decimal(66) / 24


def test_a_newcomer_is_measured_against_the_streams_minimum_not_against_nothing():
    assert growth(30, 0, 20) == Decimal("1.5")
    assert growth(30, 0, 0) == 30  # with no minimum, one unit is the yardstick
    assert growth(10, 40, 20) == Decimal("-0.75")  # a fall is negative and ranks last


def test_a_contributor_ranks_by_their_biggest_change_in_any_stream():
    current = {"blogging": {1: 50, 2: 60}, "courses": {1: 40}}
    history = {"blogging": {1: [50, 50], 2: [30, 30]}, "courses": {1: [4, 4]}}
    ranked = rank_changes(current, history, {"blogging": 20, "courses": 3})
    assert [row.contributor_id for row in ranked] == [1, 2]
    assert [change.stream for change in ranked[0].changes] == ["courses", "blogging"]


def test_ties_keep_a_stable_order_and_the_input_order_does_not_matter():
    forward = rank_changes({"s": {1: 10, 2: 10, 3: 10}}, {}, {"s": 5})
    backward = rank_changes({"s": {3: 10, 2: 10, 1: 10}}, {}, {"s": 5})
    assert [r.contributor_id for r in forward] == [r.contributor_id for r in backward] == [1, 2, 3]


# The evidence.


def at(minutes):
    return datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(minutes=minutes)


def test_bunched_reads_and_the_busiest_window():
    times = [at(0), at(1), at(2), at(30), at(90), at(91)]
    assert bunched(times) == 3  # 1, 2 and 91 came within two minutes of the one before
    assert busiest_window(times) == 3
    assert busiest_window([]) == 0 and bunched([]) == 0


def test_reader_evidence_counts_networks_accounts_concentration_and_timing():
    scenario = seed_review_scenario()
    october = (date(2026, 10, 1), date(2026, 10, 31))
    evidence = reader_evidence(*october, [scenario["gamer"].pk, scenario["amara"].pk])
    gamer, amara = evidence[scenario["gamer"].pk], evidence[scenario["amara"].pk]
    assert (gamer.reads, gamer.networks, gamer.days) == (90, 30, 30)
    assert gamer.reads_on_full_networks == 90  # every network used all three slots
    assert gamer.top_network_reads == 3
    assert gamer.bunched == 60  # three a day, 40 s apart
    assert gamer.busiest_window == 3
    assert (amara.reads, amara.networks, amara.reads_on_full_networks) == (40, 40, 0)
    assert amara.signed_in == 10
    assert amara.bunched == 0


def test_course_evidence_shows_enrolments_and_completions_right_after_sign_up(home_page):
    from courses.evidence import learner_evidence
    from courses.factories import (
        CourseIndexPageFactory,
        CoursePageFactory,
        EnrolmentFactory,
        LessonPageFactory,
        LessonProgressFactory,
    )

    author = ContributorProfileFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page), instructors=[author])
    joined = datetime(2026, 10, 3, 8, tzinfo=UTC)
    for n in range(3):
        puppet = UserFactory(date_joined=joined)
        EnrolmentFactory(course=course, user=puppet, enrolled_at=joined + timedelta(minutes=5),
                         completed_at=joined + timedelta(minutes=20 + n))  # fmt: skip
    learner = UserFactory(date_joined=datetime(2025, 1, 1, tzinfo=UTC))
    EnrolmentFactory(course=course, user=learner, enrolled_at=datetime(2026, 10, 5, tzinfo=UTC))
    # The evidence is about the learners the points came from: this one completed a lesson.
    LessonProgressFactory(user=learner, lesson=LessonPageFactory(parent=course),
                          completed_at=datetime(2026, 10, 6, tzinfo=UTC))  # fmt: skip
    evidence = learner_evidence(date(2026, 10, 1), date(2026, 10, 31), [author.pk])[author.pk]
    assert (evidence.enrolments, evidence.new_account_enrolments) == (4, 3)
    assert (evidence.completions, evidence.new_account_completions, evidence.rushed_completions) == (3, 3, 3)
    assert evidence.learners == 4


def test_referral_evidence_shows_how_old_the_referred_accounts_were():
    from community.tracking.evidence import referral_evidence
    from community.tracking.factories import ReferralFactory

    contributor = ContributorProfileFactory()
    clicked = datetime(2026, 10, 10, 12, tzinfo=UTC)
    for n in range(2):
        user = UserFactory(date_joined=clicked + timedelta(minutes=2))
        referral = ReferralFactory(contributor=contributor, user=user, first_touch_at=clicked, network_key="same",
                                   object_id=n)  # fmt: skip
        type(referral).objects.filter(pk=referral.pk).update(created_at=clicked + timedelta(minutes=12))
    evidence = referral_evidence(date(2026, 10, 1), date(2026, 10, 31), [contributor.pk])[contributor.pk]
    assert (evidence.people, evidence.networks, evidence.top_network_people) == (2, 1, 2)
    assert evidence.minutes_click_to_account == 2
    assert evidence.minutes_account_to_referral == 10
    assert evidence.quick == 2 and evidence.unverified == 0


# The review of a period and Finance's exclusions.


@pytest.fixture
def scenario(db):
    return seed_review_scenario()


def test_the_gamer_tops_the_review_with_the_evidence(scenario):
    rows = period_review(scenario["period"])
    top = rows[0]
    assert top.contributor == scenario["gamer"]
    blogging = top.changes[0]
    assert (blogging.current, blogging.median, blogging.history) == (90, 24, [24, 24, 24])
    concerns = {fact.label for fact in blogging.facts if fact.concern}
    assert "Readers from networks at the 3-reader limit" in concerns
    assert "Readers within 2 minutes of the one before" in concerns
    assert "<svg" in blogging.chart
    assert {row.contributor.slug for row in rows[1:]} == {
        "amara-okafor",
        "li-wei",
        "sofia-marquez",
        "tom-becker",
    }
    assert all(not fact.concern for row in rows[1:] for change in row.changes for fact in change.facts)


def test_excluding_recalculates_the_period_and_the_reason_reaches_the_statement(scenario):
    period, gamer, finance = scenario["period"], scenario["gamer"], scenario["treasurer"]
    before = Statement.objects.get(period=period, contributor=gamer)
    assert before.allocated > 0
    reason = "Ninety readers from one network a day, forty seconds apart: one script, not readers."
    exclude_metric(
        period, contributor_id=gamer.pk, stream="blogging", amount=Decimal(66), reason=reason, by=finance
    )
    after = Statement.objects.get(period=period, contributor=gamer)
    assert after.lines.get(stream="blogging").metric == 24
    assert after.allocated < before.allocated
    assert "Finance excluded" in after.explanation
    assert [e.reason for e in after.exclusions] == [reason]
    period.refresh_from_db()
    assert period.calculated_by == finance
    assert period.measured["blogging"][str(gamer.pk)] == "90.0000"  # the review still sees what was measured
    entry = ModelLogEntry.objects.get(action=EXCLUDE_ACTION)
    assert (entry.user_id, entry.data["stream"], entry.data["amount"], entry.data["reason"]) == (
        finance.pk,
        "blogging",
        "66",
        reason,
    )


def test_excluding_a_whole_stream_leaves_a_statement_that_says_why(scenario):
    period, gamer = scenario["period"], scenario["gamer"]
    exclude_metric(period, contributor_id=gamer.pk, stream="blogging", amount=None,
                   reason="Every reader came from one network.", by=scenario["finance"])  # fmt: skip
    statement = Statement.objects.get(period=period, contributor=gamer)
    assert statement.allocated == 0 and not statement.lines.exists()
    assert statement.exclusions.get().describe() == "all qualified readers"
    assert "Finance excluded" in statement.explanation


def test_the_month_closes_after_an_exclusion_by_a_second_finance_user(scenario):
    period, gamer = scenario["period"], scenario["gamer"]
    exclude_metric(period, contributor_id=gamer.pk, stream="blogging", amount=None,
                   reason="Every reader came from one network.", by=scenario["finance"])  # fmt: skip
    result = close_when_due(period, by=scenario["treasurer"])
    assert result.period.is_closed and result.entries_written
    with pytest.raises(ClosedPeriodError):
        MetricExclusion.objects.filter(period=period).delete()
    with pytest.raises(PeriodError, match="closed"):
        exclude_metric(period, contributor_id=scenario["amara"].pk, stream="blogging", amount=None,
                       reason="Too late for this one.", by=scenario["finance"])  # fmt: skip


@pytest.mark.parametrize(
    ("who", "stream", "amount", "message"),
    [
        ("nobody", "blogging", None, "has no blogging metric"),
        ("amara", "courses", None, "has no courses metric"),
        ("amara", "blogging", Decimal(41), "Only 40 of"),
    ],
)
def test_an_exclusion_of_a_metric_that_is_not_there_changes_nothing(scenario, who, stream, amount, message):
    period = scenario["period"]
    contributor_id = ContributorProfileFactory().pk if who == "nobody" else scenario[who].pk
    period.refresh_from_db()
    digest = period.inputs_digest
    with pytest.raises(PeriodError, match=message):
        exclude_metric(period, contributor_id=contributor_id, stream=stream, amount=amount,
                       reason="Not a real metric.", by=scenario["finance"])  # fmt: skip
    period.refresh_from_db()
    assert not MetricExclusion.objects.exists() and period.inputs_digest == digest


def test_exclusions_add_up_and_never_take_a_metric_below_zero():
    metrics = {"blogging": {1: 90, 2: 40}, "courses": {1: Decimal(12)}}
    rows = [("blogging", 1, Decimal(30)), ("blogging", 1, Decimal(36)), ("courses", 1, None)]
    assert apply_exclusions(metrics, rows) == {"blogging": {1: 24, 2: 40}, "courses": {}}
    assert apply_exclusions(metrics, [("blogging", 2, Decimal(50))])["blogging"] == {1: 90}
    assert apply_exclusions(metrics, []) is metrics


# The admin.


def review_url(period):
    return reverse("rewards_admin:review", args=[period.pk])


def exclude_url(period):
    return reverse("rewards_admin:exclude", args=[period.pk])


def metric_choice(contributor, stream="blogging"):
    """The value of one measured metric in the exclusion form's choice."""
    return f"{stream}:{contributor.pk}"


def test_finance_reviews_and_excludes_in_the_admin(client, home_page, scenario):
    period, gamer = scenario["period"], scenario["gamer"]
    client.force_login(scenario["finance"])
    page = client.get(review_url(period)).content.decode()
    assert page.index("Gus Gamer") < page.index("Amara Okafor")
    assert "Concern:" in page and "Exclude a metric of Gus Gamer" in page
    assert f'<option value="{metric_choice(gamer)}">Blogging: 90 qualified readers</option>' in page
    response = client.post(
        exclude_url(period),
        {"metric": metric_choice(gamer), "amount": "", "reason": "One network, three a day."},
    )
    assert response.status_code == 302 and response.url == review_url(period)
    exclusion = MetricExclusion.objects.get()
    assert (exclusion.contributor, exclusion.amount, exclusion.created_by) == (
        gamer,
        None,
        scenario["finance"],
    )
    page = client.get(review_url(period)).content.decode()
    assert "One network, three a day." in page
    statement = Statement.objects.get(period=period, contributor=gamer)
    inspect = client.get(
        reverse("rewards_statement_modeladmin_inspect", args=[statement.pk])
    ).content.decode()
    assert "One network, three a day." in inspect


def offered_metrics(client, period):
    """(value, label) of each metric the exclusion form offers, in its order."""
    form = client.get(exclude_url(period)).context["form"]
    return [(value, str(label)) for value, label in form.fields["metric"].choices if value]


def test_the_form_offers_exactly_the_measured_metrics_by_name(client, home_page, scenario):
    period = scenario["period"]
    client.force_login(scenario["finance"])
    offered = offered_metrics(client, period)
    measured = {f"{stream}:{c}" for stream, values in period.measured.items() for c in values}
    assert measured and {value for value, _label in offered} == measured
    labels = [label for _value, label in offered]
    assert labels == sorted(labels)
    assert "Amara Okafor — Blogging: 40 qualified readers" in labels
    assert "Gus Gamer — Blogging: 90 qualified readers" in labels
    page = client.get(exclude_url(period)).content.decode()
    assert "Contributor id" not in page and "Amara Okafor — Blogging: 40 qualified readers" in page


def test_the_form_offers_what_is_left_after_earlier_exclusions(client, home_page, scenario):
    period, gamer, amara = scenario["period"], scenario["gamer"], scenario["amara"]
    exclude_metric(period, contributor_id=gamer.pk, stream="blogging", amount=Decimal(66),
                   reason="Sixty-six readers from one network.", by=scenario["finance"])  # fmt: skip
    exclude_metric(period, contributor_id=amara.pk, stream="blogging", amount=None,
                   reason="Every reader came from one network.", by=scenario["finance"])  # fmt: skip
    client.force_login(scenario["finance"])
    offered = dict(offered_metrics(client, period))
    assert offered[metric_choice(gamer)] == "Gus Gamer — Blogging: 24 of 90 qualified readers left"
    assert metric_choice(amara) not in offered


def test_a_period_with_nothing_to_exclude_says_so_instead_of_a_form(client, home_page, scenario):
    period = scenario["period"]
    for profile in ("amara", "li", "sofia", "tom", "gamer"):
        exclude_metric(period, contributor_id=scenario[profile].pk, stream="blogging", amount=None,
                       reason="Nothing counts this month.", by=scenario["finance"])  # fmt: skip
    empty = RewardPeriodFactory(start=date(2027, 1, 1))
    client.force_login(scenario["finance"])
    for month, message in (
        (period, "Every metric measured in 2026-10 is excluded already."),
        (empty, "2027-01 is not calculated yet"),
        (RewardPeriod.objects.get(start=date(2026, 7, 1)), "2026-07 is closed; it never changes."),
    ):
        page = client.get(exclude_url(month)).content.decode()
        assert message in page and 'method="post"' not in page


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ("blogging:{other}", "That metric was not measured in 2026-10"),
        ("blogging:999999", "That metric was not measured in 2026-10"),
        ("courses:{gamer}", "That metric was not measured in 2026-10"),
        ("blogging:abc", "That metric was not measured in 2026-10"),
        ("nonsense", "That metric was not measured in 2026-10"),
        ("", "This field is required"),
    ],
)
def test_a_forged_metric_is_refused_and_nothing_changes(client, home_page, scenario, forged, message):
    """Another period's contributor, an id nobody has, a stream the contributor has no
    metric in: whatever is posted is checked against what the period measured."""
    period, gamer = scenario["period"], scenario["gamer"]
    other = ContributorProfileFactory(display_name="Only In July")
    digest = period.inputs_digest
    client.force_login(scenario["finance"])
    response = client.post(
        exclude_url(period),
        {"metric": forged.format(other=other.pk, gamer=gamer.pk), "reason": "A reason long enough."},
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["metric"])
    period.refresh_from_db()
    assert not MetricExclusion.objects.exists() and period.inputs_digest == digest


@pytest.mark.parametrize(
    ("earlier", "amount", "left"),
    [(None, "91", "90"), (Decimal(66), "25", "24")],
)
def test_an_amount_over_the_metric_is_refused_at_the_amount(
    client, home_page, scenario, earlier, amount, left
):
    period, gamer = scenario["period"], scenario["gamer"]
    if earlier:
        exclude_metric(period, contributor_id=gamer.pk, stream="blogging", amount=earlier,
                       reason="Sixty-six readers from one network.", by=scenario["finance"])  # fmt: skip
    client.force_login(scenario["finance"])
    response = client.post(
        exclude_url(period),
        {"metric": metric_choice(gamer), "amount": amount, "reason": "A reason long enough."},
    )
    form = response.context["form"]
    assert form.errors["amount"] == [
        f"Gus Gamer's Blogging metric has {left} qualified readers to exclude; enter at most {left}."
    ]
    assert "metric" not in form.errors and not form.non_field_errors()
    assert f"{left} qualified readers" in str(form.fields["amount"].help_text)
    assert MetricExclusion.objects.count() == (1 if earlier else 0)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"amount": "-3"}, "greater than or equal to 0.0001"),
        ({"reason": ""}, "This field is required"),
        ({"reason": "Too short"}, "at least 10 characters"),
    ],
)
def test_every_posted_value_is_checked(client, home_page, scenario, posted, message):
    period, gamer = scenario["period"], scenario["gamer"]
    client.force_login(scenario["finance"])
    data = {"metric": metric_choice(gamer), "amount": "", "reason": "A reason long enough."} | posted
    response = client.post(exclude_url(period), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MetricExclusion.objects.exists()


def test_a_closed_period_is_refused(client, home_page, scenario):
    july = RewardPeriod.objects.get(start=date(2026, 7, 1))
    assert july.is_closed
    client.force_login(scenario["finance"])
    response = client.post(exclude_url(july),
                           {"metric": metric_choice(scenario["gamer"]), "reason": "July is closed."})  # fmt: skip
    assert "closed; it never changes" in response.content.decode()
    assert not MetricExclusion.objects.exists()


@pytest.mark.parametrize("role", [roles.EDITORS, roles.MODERATORS, roles.BLOGGERS])
def test_a_non_finance_editor_cannot_review_or_exclude(client, home_page, scenario, make_user, role):
    client.force_login(make_user(role))
    gamer = scenario["gamer"]
    for response in (
        client.get(review_url(scenario["period"])),
        client.get(exclude_url(scenario["period"])),
        client.post(
            exclude_url(scenario["period"]),
            {"metric": metric_choice(gamer), "reason": "I do not like this one."},
        ),  # fmt: skip
    ):
        assert response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")
    assert not MetricExclusion.objects.exists()


def test_excluding_asks_for_the_second_factor_like_every_privilege(client, home_page, scenario, settings):
    from allauth.mfa.models import Authenticator

    from portal.tests.test_second_factor import verified_session

    settings.KMP_ADMIN_REQUIRES_MFA = True
    finance, gamer, period = scenario["finance"], scenario["gamer"], scenario["period"]
    posted = {"metric": metric_choice(gamer), "reason": "One network, three a day."}
    client.force_login(finance)
    response = client.post(exclude_url(period), posted)
    assert response.status_code == 302 and "/accounts/2fa/" in response.url
    assert not MetricExclusion.objects.exists()
    Authenticator.objects.create(
        user=finance, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    verified_session(client, finance)
    assert client.post(exclude_url(period), posted).status_code == 302
    assert MetricExclusion.objects.get().created_by == finance


@pytest.mark.postgres
def test_the_database_keeps_a_closed_periods_exclusions(scenario):
    from django.db import DatabaseError, connection, transaction

    period, gamer = scenario["period"], scenario["gamer"]
    exclude_metric(period, contributor_id=gamer.pk, stream="blogging", amount=None,
                   reason="Every reader came from one network.", by=scenario["finance"])  # fmt: skip
    close_when_due(period, by=scenario["treasurer"])
    exclusion = MetricExclusion.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE fails for pending FK checks
    refused = [
        ("UPDATE rewards_metricexclusion SET reason = 'changed later' WHERE id = %s", [exclusion.pk]),
        ("DELETE FROM rewards_metricexclusion WHERE id = %s", [exclusion.pk]),
        (
            "INSERT INTO rewards_metricexclusion (period_id, contributor_id, stream, reason, created_by_id, created_at)"
            " VALUES (%s, %s, 'courses', 'added after closing', %s, now())",
            [period.pk, gamer.pk, scenario["finance"].pk],
        ),
        ("SET LOCAL kmp.allow_truncate = off; TRUNCATE rewards_metricexclusion", []),
    ]
    for sql, params in refused:
        with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
    assert MetricExclusion.objects.get().reason == "Every reader came from one network."
