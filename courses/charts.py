"""Server-rendered SVG line charts: geometry here, markup in a template (no JavaScript)."""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from portal.charts import PALETTE, nice_ceiling


@dataclass
class ChartPoint:
    x: float
    y: float
    value: int
    label: str


@dataclass
class ChartSeries:
    name: str
    colour: str
    points: list = field(default_factory=list)

    @property
    def polyline(self):
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def total(self):
        return sum(p.value for p in self.points)


def line_chart(labels, series, title, description, chart_id="chart", width=760, height=300):
    """Context for courses/admin/line_chart.html; series is [(name, [value per label])]."""
    left, right, top, bottom = 44, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = nice_ceiling(max((max(values, default=0) for _, values in series), default=0))
    ticks = 5 if peak >= 5 else peak
    step_x = plot_w / max(len(labels) - 1, 1)

    def x_at(i):
        return left + i * step_x

    def y_at(value):
        return top + plot_h - (value / peak) * plot_h

    chart_series = []
    for index, (name, values) in enumerate(series):
        chart_series.append(
            ChartSeries(
                name=name,
                colour=PALETTE[index % len(PALETTE)],
                points=[ChartPoint(x_at(i), y_at(value), value, labels[i]) for i, value in enumerate(values)],
            )
        )
    # Every label when few, else about eight of them so they never overlap.
    label_every = max(1, math.ceil(len(labels) / 8))
    return {
        "id": chart_id,
        "width": width,
        "height": height,
        "title": title,
        "description": description,
        "plot": {"left": left, "top": top, "right": width - right, "bottom": top + plot_h},
        "x_label_y": top + plot_h + 20,
        "y_ticks": [
            {"y": y_at(peak * i / ticks), "label": _format_tick(peak * i / ticks)} for i in range(ticks + 1)
        ],
        "x_labels": [
            {"x": x_at(i), "label": label} for i, label in enumerate(labels) if i % label_every == 0
        ],
        "series": chart_series,
        "labels": labels,
        "rows": [(label, [s.points[i].value for s in chart_series]) for i, label in enumerate(labels)],
    }


def _format_tick(value):
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def render_line_chart(*args, **kwargs):
    return render_to_string("courses/admin/line_chart.html", {"chart": line_chart(*args, **kwargs)})
