"""Server-side SVG charts for the transparency pages (no JavaScript; the site's CSP
allows no inline scripts or styles, so colours are SVG attributes)."""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.text import slugify

from portal.charts import ON_PALETTE, PALETTE, label_fits, nice_ceiling, series_colours
from portal.money import format_money

BAR_HEIGHT = 34
ROW_GAP = 22
LABEL_WIDTH = 170
TOTAL_WIDTH = 130
CHART_WIDTH = 720


@dataclass
class Segment:
    label: str
    amount: int
    colour: str
    x: str = "0"
    width: str = "0"
    text_x: str = "0"
    value_fits: bool = False

    @property
    def amount_display(self):
        return format_money(self.amount)


@dataclass
class Bar:
    label: str
    segments: list
    y: int = 0
    text_y: int = 0
    total: int = 0
    total_x: str = "0"

    @property
    def total_display(self):
        return format_money(self.total)


def stacked_bars(title, description, rows):
    """rows: [(bar label, [(segment label, amount), ...])]. The chart's parts take the
    palette in order across all its bars, so no two parts share a colour (the table
    under the chart is one legend for every bar); each segment's value is written
    on it where it fits, each bar's total at its end, and every number is in the table
    under the chart, which is also its legend. Returns the figure as HTML (rendered
    through a template, so escaped)."""
    shown_rows = [(label, [(part, amount) for part, amount in parts if amount > 0]) for label, parts in rows]
    colours = series_colours(part for _, shown in shown_rows for part, _ in shown)
    bars = []
    for label, shown in shown_rows:
        segments = [Segment(part_label, amount, colours[part_label]) for part_label, amount in shown]
        bars.append(Bar(label, segments, total=sum(s.amount for s in segments)))
    largest = max((bar.total for bar in bars), default=0) or 1
    plot_width = CHART_WIDTH - LABEL_WIDTH - TOTAL_WIDTH
    for index, bar in enumerate(bars):
        bar.y = 10 + index * (BAR_HEIGHT + ROW_GAP)
        bar.text_y = bar.y + BAR_HEIGHT // 2 + 5
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            width = plot_width * segment.amount / largest
            # Formatted here: SVG needs a dot as decimal separator whatever the locale.
            segment.x, segment.width, segment.text_x = f"{x:.2f}", f"{width:.2f}", f"{x + width / 2:.2f}"
            segment.value_fits = label_fits(format_money(segment.amount, with_currency=False), width)
            x += width
        bar.total_x = f"{x + 6:.2f}"
    height = 10 + len(bars) * (BAR_HEIGHT + ROW_GAP)
    return render_to_string(
        "rewards/includes/stacked_bars.svg",
        {
            "title": title,
            "description": description,
            "bars": bars,
            "width": CHART_WIDTH,
            "height": height,
            "bar_height": BAR_HEIGHT,
            "label_width": LABEL_WIDTH,
            "on_palette": ON_PALETTE,
            "chart_id": slugify(title)[:40],
        },
    )


def money_flow_chart(period, outcome):
    """Where a closed period's money came from and where it went: the money from the
    ledger (`outcome`, a ledger.PeriodOutcome), the streams from the calculation."""
    streams = period.stream_summary or []
    sources = outcome.sources
    money_in = [
        ("Membership fees (pool share)", sources.fees_to_pool),
        ("Donations", sources.donations_to_pool),
        ("Given back last month", sources.given_back_in),
        ("From reserves", sources.reserve_allocations + outcome.from_reserves),
        ("Balances of earlier months settled", outcome.released),
    ]
    money_out = [
        ("Paid to contributors", outcome.paid),
        ("Given back", outcome.given_back),
        ("Carried forward", outcome.carried_in),
        ("Volunteered to reserves", outcome.volunteered),
        ("Unallocated, to reserves", max(outcome.unallocated, 0)),
        ("Covered what contributors owed", outcome.recovered),
    ]
    rows = [("Money in", money_in), ("Money out", money_out)]
    rows += [
        (
            stream["label"],
            [
                ("Allocated to contributors", stream["allocated"]),
                ("Unclaimed, to reserves", stream["unclaimed"]),
            ],
        )
        for stream in streams
        if stream["budget"]
    ]
    return stacked_bars(
        f"Where the money of {period.label} came from and went",
        "Stacked bars: money in by source, money out by destination, then each stream's share of the pool.",
        rows,
    )


@dataclass
class Column:
    label: str
    value: str
    x: str
    y: str
    height: str
    colour: str


COLUMNS_WIDTH = 260
COLUMNS_HEIGHT = 90
AXIS_HEIGHT = 16


def history_columns(title, labels, values, median):
    """A small column chart of one contributor's metric, month by month: the earlier
    months in one colour, this month (the last) in another, and their median dashed."""
    top = nice_ceiling(float(max([*values, median, 1])))
    slot = COLUMNS_WIDTH / max(len(values), 1)
    plot = COLUMNS_HEIGHT - AXIS_HEIGHT
    columns = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot * float(value) / top
        columns.append(
            Column(
                label=label,
                value=f"{Decimal(value).normalize():f}",
                x=f"{index * slot + slot * 0.15:.2f}",
                y=f"{plot - height:.2f}",
                height=f"{height:.2f}",
                colour=PALETTE[1] if index == len(values) - 1 else PALETTE[0],
            )
        )
    return render_to_string(
        "rewards/includes/history_columns.svg",
        {
            "title": title,
            "columns": columns,
            "width": COLUMNS_WIDTH,
            "height": COLUMNS_HEIGHT,
            "column_width": f"{slot * 0.7:.2f}",
            "label_y": COLUMNS_HEIGHT - 3,
            "median_y": f"{plot - plot * float(median) / top:.2f}",
            "median": f"{Decimal(median).normalize():f}",
            "top": top,
        },
    )
