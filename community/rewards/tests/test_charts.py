"""The rewards charts a reader can read: a value on every bar, colours that no two parts
of a bar share and that pass contrast on the light and the dark page, and every amount
in a table under the chart; the stream table says what its money means."""

import re

import pytest
from bs4 import BeautifulSoup

from community.rewards.charts import stacked_bars
from community.rewards.models import RewardPeriod, Statement, StatementLine
from community.rewards.periods import calculate_period
from community.rewards.tests.helpers import close_when_due
from portal.charts import ON_PALETTE, PALETTE, label_fits

LIGHT_PAGE, DARK_PAGE, DARK_CARD = "#ffffff", "#0f1716", "#17211f"


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("colour", PALETTE)
def test_every_chart_colour_passes_contrast_in_light_and_dark_mode(colour):
    assert contrast(colour, LIGHT_PAGE) >= 3 and contrast(colour, DARK_PAGE) >= 3
    assert contrast(colour, DARK_CARD) >= 3
    assert contrast(colour, ON_PALETTE) >= 4.5  # the value written on the bar


def test_the_chart_colours_are_all_different():
    assert len(set(PALETTE)) == len(PALETTE)


def chart(rows):
    return BeautifulSoup(stacked_bars("Where the money went", "Stacked bars.", rows), "html.parser")


def test_membership_fees_and_unclaimed_money_never_share_a_colour_in_a_bar():
    rows = [
        (
            "Money in",
            [("Membership fees (pool share)", 3_600), ("Donations", 50_000), ("From reserves", 46_400)],
        ),
        ("Blogging", [("Allocated to contributors", 40_000), ("Unclaimed, to reserves", 10_000)]),
    ]
    html = chart(rows)
    for drawing in html.select("svg.chart__svg"):
        fills_by_bar = [[], []]
        for rect in drawing.select("rect.chart__segment"):
            bar = 0 if rect.title.string.startswith("Money in") else 1
            fills_by_bar[bar].append(rect["fill"])
        assert all(len(fills) == len(set(fills)) for fills in fills_by_bar)
    swatch = {
        row.find_all("td")[0].get_text(strip=True): row.select_one("svg rect")["fill"]
        for row in html.select(".chart__table tbody tr")
        if row.select_one("svg rect")
    }
    assert swatch["Membership fees (pool share)"] != swatch["Unclaimed, to reserves"]


def test_no_two_parts_of_one_chart_share_a_colour_even_in_different_bars():
    """The legend is one table for the whole chart: a teal that means fees in one bar
    cannot mean money to reserves in the next."""
    rows = [
        ("Money in", [("Membership fees (pool share)", 14_700), ("Donations", 25_000)]),
        ("Money out", [("Unallocated, to reserves", 39_700)]),
    ]
    segments = chart(rows).select("rect.chart__segment")
    fills = {rect.title.string.split(": ")[1].split(",")[0]: rect["fill"] for rect in segments}
    assert len(fills) == 3
    assert len(set(fills.values())) == 3


def test_each_bar_shows_its_values_and_the_table_has_every_amount():
    html = chart(
        [("Money out", [("Paid to contributors", 39_850), ("Carried forward", 40), ("Given back", 0)])]
    )
    wide, narrow = html.select("svg.chart__svg")
    for drawing in (wide, narrow):
        values = [text.string for text in drawing.select("text.chart__value")]
        assert values == ["398.50"]  # 0.40 is too narrow to write on; it is in the table
        assert drawing.select_one("text.chart__total").string == "398.90 USD"
    # On a phone the bar's name and total go on a line above the bar, across its width.
    label, total = narrow.select_one("text.chart__text"), narrow.select_one("text.chart__total")
    bar = narrow.select_one("rect.chart__segment")
    assert float(label["y"]) == float(total["y"]) < float(bar["y"])
    assert total["x"] == narrow["viewbox"].split()[2] and total["text-anchor"] == "end"
    assert float(wide.select_one("text.chart__text")["y"]) > float(wide.select_one("rect")["y"])
    table = html.select_one("table.chart__table").get_text(" ", strip=True)
    assert "Paid to contributors 398.50 USD" in table and "Carried forward 0.40 USD" in table
    assert "Given back" not in table and "Total 398.90 USD" in table
    assert [svg["role"] for svg in html.select("svg.chart__svg")] == ["img", "img"]


def test_a_value_is_written_on_a_bar_only_where_it_fits():
    assert label_fits("398.50", 80) and not label_fits("398.50", 30)


@pytest.mark.django_db
def test_the_stream_table_says_its_money_is_allocated_and_how_much_was_paid(client, home_page, october):
    calculate_period(october)
    close_when_due(october)
    period = RewardPeriod.objects.get(pk=october.pk)
    content = client.get("/rewards/2026-10/").content.decode()
    streams = BeautifulSoup(content, "html.parser").find(
        "section", attrs={"aria-labelledby": "streams-heading"}
    )
    text = streams.get_text(" ", strip=True)
    assert "Allocated to contributors" in text and "To contributors" not in text
    assert re.search(r"This month [\d,.]+ USD was paid out", text)
    from portal.money import format_money

    assert f"This month {format_money(period.paid)} was paid out" in text


@pytest.mark.django_db
def test_a_contributor_reads_why_their_readers_end_in_a_half(client, home_page, october, contributors):
    calculate_period(october)
    li = contributors["li"]
    statement = Statement.objects.get(period=october, contributor=li)
    StatementLine.objects.filter(statement=statement).update(metric="183.5")
    client.force_login(li.user)
    content = client.get(f"/rewards/statements/{statement.pk}/").content.decode()
    assert "183.5" in content and "half of 367 readers is 183.5" in content
    assert content.count('id="shared-metric"') == 1


@pytest.mark.browser
def test_a_reader_reads_the_money_chart_on_a_phone_and_in_dark_mode(
    live_server, chromium, output_dir, home_page, october
):
    from portal.tests.test_layout_browser import AXE_OPTIONS, axe_violations

    calculate_period(october)
    close_when_due(october)
    problems = []
    for width, scheme in ((390, "light"), (1280, "light"), (1280, "dark")):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/rewards/2026-10/")
        figure = page.locator("figure.chart")
        figure.scroll_into_view_if_needed()
        value_height = page.locator("figure.chart text.chart__value").evaluate_all(
            "(texts) => Math.max(...texts.map((text) => text.getBoundingClientRect().height))"
        )
        assert value_height >= 12, f"{width}: the values on the bars are {value_height:.1f} px tall"
        assert figure.locator("text.chart__value").count() >= 2
        assert figure.get_by_role("table").locator("caption").inner_text().endswith("the amounts")
        ink = page.evaluate("() => getComputedStyle(document.querySelector('.chart__text')).fill")
        body = page.evaluate("() => getComputedStyle(document.body).color")
        assert ink == body, f"{scheme}: chart text {ink} is not the page's ink {body}"
        figure.screenshot(path=str(output_dir / f"rewards-chart-{width}-{scheme}.png"))
        problems += [f"{width} {scheme}: {v}" for v in axe_violations(page, AXE_OPTIONS)]
        context.close()
    assert not problems, "\n".join(map(str, problems))
