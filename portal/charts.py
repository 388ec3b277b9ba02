"""What every server-side SVG chart shares: its colours, a readable top of scale and
whether a value fits on its bar. Each app lays out its own chart (tracking's bars,
courses' lines, rewards' stacked bars) and shows its numbers in a table beside it."""

import math

# The series colours, in the order a chart's series take them: eight hues a reader tells
# apart, each dark enough for white text on it (4.5:1) and for a bar on the light page
# (4.5:1), and light enough for a bar on the dark page and its cards (3:1, WCAG 1.4.11).
PALETTE = ["#0e7c72", "#c2410c", "#2563eb", "#9333ea", "#a16207", "#db2777", "#4d7c0f", "#6b7280"]
ON_PALETTE = "#ffffff"

# An average character of the charts' 13 px sans-serif text, with room on either side.
CHARACTER_WIDTH = 7.4
LABEL_PADDING = 10


def nice_ceiling(value, steps=(1, 2, 5), minimum=1):
    """The smallest step × 10^n at or above value, and at least `minimum`."""
    if value <= minimum:
        return minimum
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (*steps, 10):
        if step * magnitude >= value:
            return max(minimum, int(step * magnitude))
    return int(10 * magnitude)


def label_fits(text, width):
    """Whether `text` can be written inside a bar `width` px wide; a value that does not
    fit is left to the bar's total and the table, never drawn over its neighbour."""
    return len(str(text)) * CHARACTER_WIDTH + LABEL_PADDING <= width


def series_colours(labels):
    """One colour per label, in order, none repeated while the palette lasts."""
    return {label: PALETTE[index % len(PALETTE)] for index, label in enumerate(dict.fromkeys(labels))}
