from datetime import date, timedelta

import pytest

from community.tracking.charts import BAR_STEPS, MINIMUM_TOP, daily_bar_chart
from portal.charts import nice_ceiling


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 4), (3, 4), (7, 10), (11, 20), (139, 200), (240, 250), (515, 1000)]
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value, BAR_STEPS, MINIMUM_TOP) == ceiling


def test_bars_are_proportional_and_months_are_labelled():
    start = date(2026, 8, 26)
    series = [(start + timedelta(days=i), i % 10) for i in range(90)]
    chart = daily_bar_chart(series)
    assert len(chart["bars"]) == 90
    tallest = max(chart["bars"], key=lambda bar: bar["height"])
    assert tallest["value"] == 9
    half = next(bar for bar in chart["bars"] if bar["value"] == 5)
    assert half["height"] == pytest.approx(tallest["height"] * 5 / 9, rel=0.01)
    assert all(bar["y"] + bar["height"] == pytest.approx(chart["baseline"]) for bar in chart["bars"])
    assert [label["day"] for label in chart["labels"]] == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]
    assert chart["total"] == sum(v for _, v in series) and chart["peak"] == 9


def test_an_empty_period_draws_an_empty_chart():
    chart = daily_bar_chart([(date(2026, 3, 1) + timedelta(days=i), 0) for i in range(90)])
    assert chart["total"] == 0 and all(bar["height"] == 0 for bar in chart["bars"])
