"""Server-side SVG charts: the numbers laid out here, drawn by a template."""

from portal.charts import nice_ceiling

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 36


# Bars top out at 1, 2, 2.5 or 5 × 10^n, and never below 4 (a quiet day still has a scale).
BAR_STEPS = (1, 2, 2.5, 5)
MINIMUM_TOP = 4


def daily_bar_chart(series):
    """series: [(date, value)] in date order. Returns geometry for the SVG template."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max((value for _, value in series), default=0), BAR_STEPS, MINIMUM_TOP)
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
