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
LABEL_LINE = 22


@dataclass(frozen=True)
class Layout:
    """Where a chart puts its labels: beside the bars on a wide screen; above them on a
    phone, where a wide chart shrunk to fit would write its values 6 px tall."""

    name: str
    width: int
    label_width: int  # 0: the label and the total go on a line above the bar
    total_width: int

    @property
    def labels_above(self):
        return not self.label_width


WIDE = Layout("wide", width=720, label_width=170, total_width=130)
NARROW = Layout("narrow", width=320, label_width=0, total_width=0)


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
    label_y: int = 0
    total: int = 0
    total_x: str = "0"
    total_y: int = 0

    @property
    def total_display(self):
        return format_money(self.total)


def placed_bars(rows, colours, layout):
    """The bars of `rows` with the positions of `layout`, every bar on one scale."""
    bars = [
        Bar(label, [Segment(part, amount, colours[part]) for part, amount in shown]) for label, shown in rows
    ]
    for bar in bars:
        bar.total = sum(segment.amount for segment in bar.segments)
    largest = max((bar.total for bar in bars), default=0) or 1
    plot_width = layout.width - layout.label_width - layout.total_width
    row_height = BAR_HEIGHT + ROW_GAP + (LABEL_LINE if layout.labels_above else 0)
    for index, bar in enumerate(bars):
        top = 10 + index * row_height
        bar.label_y = top + 15 if layout.labels_above else top + BAR_HEIGHT // 2 + 5
        bar.y = top + LABEL_LINE if layout.labels_above else top
        bar.text_y = bar.y + BAR_HEIGHT // 2 + 5
        x = float(layout.label_width)
        for segment in bar.segments:
            width = plot_width * segment.amount / largest
            # Formatted here: SVG needs a dot as decimal separator whatever the locale.
            segment.x, segment.width, segment.text_x = f"{x:.2f}", f"{width:.2f}", f"{x + width / 2:.2f}"
            segment.value_fits = label_fits(format_money(segment.amount, with_currency=False), width)
            x += width
        bar.total_x, bar.total_y = (
            (str(layout.width), bar.label_y) if layout.labels_above else (f"{x + 6:.2f}", bar.text_y)
        )
    return bars, 10 + len(bars) * row_height


def stacked_bars(title, description, rows):
    """rows: [(bar label, [(segment label, amount), ...])]. The chart's parts take the
    palette in order across all its bars, so no two parts share a colour (the table
    under the chart is one legend for every bar); each segment's value is written
    on it where it fits, each bar's total at its end (above it on a phone), and every
    number is in the table under the chart, which is also its legend. The chart is
    drawn twice, for a wide screen and for a phone, and CSS shows one. Returns the
    figure as HTML (rendered through a template, so escaped)."""
    shown_rows = [(label, [(part, amount) for part, amount in parts if amount > 0]) for label, parts in rows]
    colours = series_colours(part for _, shown in shown_rows for part, _ in shown)
    drawings = []
    for layout in (WIDE, NARROW):
        bars, height = placed_bars(shown_rows, colours, layout)
        drawings.append({"layout": layout, "bars": bars, "height": height})
    return render_to_string(
        "rewards/includes/stacked_bars.svg",
        {
            "title": title,
            "description": description,
            "drawings": drawings,
            "bars": drawings[0]["bars"],
            "bar_height": BAR_HEIGHT,
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
