"""What every server-side SVG chart shares: its colours and a readable top of scale.
Each app lays out its own chart (tracking's bars, courses' lines, rewards' stacked bars)."""

import math

# The site's accents, in the order a chart's series take them.
PALETTE = ["#0b5d57", "#b4431e", "#1d4ed8", "#7e22ce", "#15803d", "#8a5a00", "#4a5759", "#be185d"]


def nice_ceiling(value, steps=(1, 2, 5), minimum=1):
    """The smallest step × 10^n at or above value, and at least `minimum`."""
    if value <= minimum:
        return minimum
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (*steps, 10):
        if step * magnitude >= value:
            return max(minimum, int(step * magnitude))
    return int(10 * magnitude)
