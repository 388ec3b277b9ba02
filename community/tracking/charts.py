"""Server-side SVG charts: the numbers laid out here, drawn by a template."""

import math

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 36


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5 or 5 x 10^n that is at least value (at least 4)."""
    if value <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude) if step * magnitude >= 4 else 4
    return int(10 * magnitude)


def daily_bar_chart(series):
    """series: [(date, value)] in date order. Returns geometry for the SVG template."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max((value for _, value in series), default=0))
    slot = plot_w / max(len(series), 1)
    bar_w = max(slot - 1.5, 1)
    bars = []
    for index, (day, value) in enumerate(series):
        height = plot_h * value / top_value
        bars.append(
            {
                "x": round(LEFT + index * slot, 2),
                "y": round(TOP + plot_h - height, 2),
                "width": round(bar_w, 2),
                "height": round(height, 2),
                "day": day,
                "value": value,
            }
        )
    gridlines = []
    for step in range(5):
        value = top_value * step / 4
        gridlines.append(
            {
                "y": round(TOP + plot_h - plot_h * step / 4, 2),
                "label": f"{value:g}",
            }
        )
    labels = [
        {"x": round(LEFT + index * slot + slot / 2, 2), "day": day}
        for index, (day, _) in enumerate(series)
        # Month starts, and the first day unless a month starts within the week.
        if day.day == 1 or (index == 0 and day.day < 25)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 22,
        "bars": bars,
        "gridlines": gridlines,
        "labels": labels,
        "total": sum(value for _, value in series),
        "peak": max((value for _, value in series), default=0),
    }
