"""Fixtures for the rewards tests: streams whose metrics a test sets itself, so the
tests do not depend on tracking or courses."""

from datetime import date

import pytest

from community.people.factories import ContributorProfileFactory
from community.rewards.factories import ReserveAllocationFactory, RewardPeriodFactory
from community.rewards.registry import RewardStream, override_streams

OCTOBER = date(2026, 10, 1)
UNITS = {
    "blogging": ("reader", "readers"),
    "courses": ("point", "points"),
    "promotion": ("referral", "referrals"),
}


class StreamMetrics(dict):
    """{stream name: {contributor id: metric}}; .calls records each (stream, start, end) asked."""

    calls: list


@pytest.fixture(autouse=True)
def _launch_floors(db):
    """The tests' worked numbers use the launch floors (20 readers, 3 points, 1 referral);
    migration 0005 raised the defaults since (tests/test_floors.py)."""
    from community.rewards.models import RewardPolicy

    current = RewardPolicy.current()
    launch = {"blogging": "20", "courses": "3", "promotion": "1"}
    settings = {
        name: {**value, "minimum": launch.get(name, value["minimum"])}
        for name, value in current.stream_settings.items()
    }
    if settings != current.stream_settings:
        RewardPolicy.objects.create(
            pool_share_percent=current.pool_share_percent,
            stream_settings=settings,
            cap_percent=current.cap_percent,
            minimum_payout=current.minimum_payout,
            empty_stream=current.empty_stream,
            note="Launch floors, for the tests",
        )


@pytest.fixture
def stream_metrics():
    """The metrics the registered streams return; a test fills them in."""
    metrics = StreamMetrics({name: {} for name in UNITS})
    metrics.calls = calls = []

    def measure_for(name):
        def measure(start, end):
            calls.append((name, start, end))
            return dict(metrics[name])

        return measure

    streams = [
        RewardStream(
            name=name,
            label=name.title(),
            unit=unit,
            unit_plural=plural,
            measure=measure_for(name),
            default_weight=0,
            default_minimum=0,
        )
        for name, (unit, plural) in UNITS.items()
    ]
    with override_streams(*streams):
        yield metrics


@pytest.fixture
def contributors(db):
    """Three contributors: Amara (cash), Sofia (volunteer), Li (cash)."""
    return {
        "amara": ContributorProfileFactory(display_name="Amara Okafor", slug="amara-okafor"),
        "sofia": ContributorProfileFactory(
            display_name="Sofia Marquez", slug="sofia-marquez", payout_preference="volunteer"
        ),
        "li": ContributorProfileFactory(display_name="Li Wei", slug="li-wei"),
    }


@pytest.fixture
def fund_october():
    """How October's pool of 1,000.00 is funded; a test module may override it."""
    return lambda period: ReserveAllocationFactory(period=period, amount=100_000)


@pytest.fixture
def october(stream_metrics, contributors, fund_october):
    """October 2026: a pool of 1,000.00 and the worked example's metrics."""
    period = RewardPeriodFactory(start=OCTOBER)
    fund_october(period)
    amara, sofia, li = contributors["amara"], contributors["sofia"], contributors["li"]
    stream_metrics["blogging"].update({amara.pk: 1500, sofia.pk: 980, li.pk: 20})
    stream_metrics["courses"].update({amara.pk: 8, li.pk: 2})
    stream_metrics["promotion"].update({amara.pk: 4})
    return period
