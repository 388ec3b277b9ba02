"""Illustrations for the demo site, drawn with Pillow when the demo is seeded: the project
ships the drawing, not the pictures, so every image is ours to use.

Each kind of page gets its own motif (a portrait, a learning path, a knowledge network,
a wall of notes, a gathering), in the site's palette, drawn at twice the size and scaled
down so that edges are smooth. A title always gives the same picture."""

import hashlib
import math
import random

from PIL import Image, ImageDraw, ImageFilter

# Deep, muted grounds and the lighter tones drawn on them; all from the site's palette.
GROUNDS = [
    ((11, 93, 87), (7, 66, 62)),
    ((23, 53, 82), (14, 34, 56)),
    ((120, 52, 32), (84, 34, 20)),
    ((61, 52, 110), (40, 33, 78)),
    ((38, 84, 52), (24, 58, 35)),
]
TONES = [(244, 239, 228), (242, 196, 120), (233, 135, 98), (142, 207, 196), (189, 206, 240), (255, 255, 255)]
SKIN = [(247, 213, 186), (229, 180, 143), (198, 140, 101), (150, 101, 68), (111, 73, 49)]
HAIR = [(40, 30, 25), (92, 58, 33), (176, 122, 62), (214, 180, 120), (120, 120, 125), (30, 30, 40)]
SCALE = 2


def rng_for(title):
    return random.Random(hashlib.sha256(title.encode()).digest())


def canvas(width, height, rng):
    """A ground with a soft diagonal gradient."""
    top, bottom = rng.choice(GROUNDS)
    image = Image.new("RGB", (width * SCALE, height * SCALE), top)
    draw = ImageDraw.Draw(image)
    steps = 64
    for i in range(steps):
        t = i / (steps - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        y0 = image.height * i // steps
        draw.rectangle((0, y0, image.width, image.height * (i + 1) // steps), fill=colour)
    return image, draw


def finish(image, width, height):
    return image.resize((width, height), Image.Resampling.LANCZOS)


def soft_glow(image, centre, radius, colour):
    glow = Image.new("RGB", image.size, (0, 0, 0))
    ImageDraw.Draw(glow).ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius), fill=colour
    )
    glow = glow.filter(ImageFilter.GaussianBlur(radius // 2))
    return Image.composite(glow, image, glow.convert("L").point(lambda v: min(255, v) // 3))


def portrait(title, width=600, height=600):
    rng = rng_for(title)
    image, draw = canvas(width, height, rng)
    w, h = image.size
    image = soft_glow(image, (w * 0.7, h * 0.25), w // 3, rng.choice(TONES[1:4]))
    draw = ImageDraw.Draw(image)
    skin, hair, shirt = rng.choice(SKIN), rng.choice(HAIR), rng.choice(TONES[:5])
    cx, head_r = w // 2, w * 0.17
    head_y = h * 0.42
    # Shoulders, neck, head and hair.
    draw.ellipse((cx - w * 0.36, h * 0.68, cx + w * 0.36, h * 1.35), fill=shirt)
    draw.rectangle((cx - head_r * 0.42, head_y, cx + head_r * 0.42, h * 0.74), fill=skin)
    draw.ellipse((cx - head_r * 0.42, h * 0.66, cx + head_r * 0.42, h * 0.78), fill=skin)
    style = rng.randrange(3)
    if style == 0:  # long hair behind the head
        draw.rounded_rectangle(
            (cx - head_r * 1.15, head_y - head_r * 1.05, cx + head_r * 1.15, head_y + head_r * 1.5),
            radius=int(head_r),
            fill=hair,
        )
    draw.ellipse((cx - head_r, head_y - head_r * 1.1, cx + head_r, head_y + head_r * 1.1), fill=skin)
    if style in (0, 1):
        draw.chord(
            (cx - head_r * 1.08, head_y - head_r * 1.25, cx + head_r * 1.08, head_y + head_r * 0.5),
            180,
            360,
            fill=hair,
        )
    else:  # short curls
        for angle in range(180, 361, 20):
            x = cx + math.cos(math.radians(angle)) * head_r * 0.92
            y = head_y - head_r * 0.15 + math.sin(math.radians(angle)) * head_r * 0.95
            draw.ellipse((x - head_r * 0.3, y - head_r * 0.3, x + head_r * 0.3, y + head_r * 0.3), fill=hair)
    # A collar.
    draw.polygon(
        [(cx - head_r * 0.5, h * 0.74), (cx, h * 0.82), (cx + head_r * 0.5, h * 0.74)], fill=rng.choice(TONES)
    )
    return finish(image, width, height), "Illustrated portrait: a head and shoulders on a coloured ground"


def network(title, width, height):
    """Ideas linked to ideas: a knowledge graph."""
    rng = rng_for(title)
    image, draw = canvas(width, height, rng)
    w, h = image.size
    image = soft_glow(image, (w * rng.uniform(0.3, 0.7), h * 0.5), h // 2, rng.choice(TONES[1:4]))
    draw = ImageDraw.Draw(image)
    nodes = [(rng.uniform(0.08, 0.92) * w, rng.uniform(0.12, 0.88) * h) for _ in range(16)]
    line = tuple(min(255, c + 40) for c in rng.choice(TONES[3:5]))
    for x, y in nodes:
        nearest = sorted(range(len(nodes)), key=lambda j: (nodes[j][0] - x) ** 2 + (nodes[j][1] - y) ** 2)[
            1:3
        ]
        for j in nearest:
            draw.line((x, y, *nodes[j]), fill=line, width=3 * SCALE)
    for i, (x, y) in enumerate(nodes):
        r = (10 + (i % 4) * 7) * SCALE
        draw.ellipse((x - r, y - r, x + r, y + r), fill=TONES[i % len(TONES)])
    return finish(image, width, height), "Illustration: a network of linked ideas"


def notes(title, width, height):
    """A wall of notes, the way a team gathers what it knows."""
    rng = rng_for(title)
    image, draw = canvas(width, height, rng)
    w, h = image.size
    size = h // 4
    for row in range(3):
        for col in range(7):
            if rng.random() < 0.25:
                continue
            x = w * 0.06 + col * size * 1.25 + rng.uniform(-8, 8) * SCALE
            y = h * 0.1 + row * size * 1.15 + rng.uniform(-8, 8) * SCALE
            if x + size > w * 0.96:
                continue
            colour = rng.choice(TONES[:5])
            shadow = tuple(max(0, c - 60) for c in colour)
            draw.rectangle(
                (x + 6 * SCALE, y + 8 * SCALE, x + size + 6 * SCALE, y + size + 8 * SCALE), fill=shadow
            )
            draw.rectangle((x, y, x + size, y + size), fill=colour)
            ink = (60, 64, 70)
            for line in range(3):
                length = size * rng.uniform(0.45, 0.8)
                ly = y + size * (0.3 + line * 0.2)
                draw.line((x + size * 0.12, ly, x + size * 0.12 + length, ly), fill=ink, width=4 * SCALE)
    return finish(image, width, height), "Illustration: a wall of handwritten notes"


def path(title, width, height):
    """Hills and a winding path with flags: a course, step by step."""
    rng = rng_for(title)
    image, draw = canvas(width, height, rng)
    w, h = image.size
    image = soft_glow(image, (w * 0.78, h * 0.22), h // 4, TONES[1])
    draw = ImageDraw.Draw(image)
    sun = (w * 0.78, h * 0.22)
    draw.ellipse((sun[0] - h * 0.08, sun[1] - h * 0.08, sun[0] + h * 0.08, sun[1] + h * 0.08), fill=TONES[1])
    for layer, tone in enumerate((TONES[3], TONES[4], TONES[0])):
        base = h * (0.55 + layer * 0.12)
        amplitude = h * (0.08 - layer * 0.015)
        phase = rng.uniform(0, math.tau)
        points = [(0, h)]
        for x in range(0, w + 40, 40):
            points.append((x, base + math.sin(x / w * math.tau * (1 + layer * 0.4) + phase) * amplitude))
        points.append((w, h))
        shade = tuple(max(0, c - 70 + layer * 30) for c in tone)
        draw.polygon(points, fill=shade)
    trail = [
        (w * 0.1 + t * w * 0.75, h * 0.95 - t * h * 0.45 + math.sin(t * 9) * h * 0.06)
        for t in (i / 40 for i in range(41))
    ]
    draw.line(trail, fill=TONES[1], width=10 * SCALE, joint="curve")
    for step in (10, 22, 34):
        x, y = trail[step]
        draw.line((x, y, x, y - h * 0.12), fill=TONES[0], width=3 * SCALE)
        draw.polygon([(x, y - h * 0.12), (x + h * 0.07, y - h * 0.1), (x, y - h * 0.08)], fill=TONES[2])
    return finish(image, width, height), "Illustration: a path over hills with flags along the way"


def gathering(title, width, height):
    """People around a table, talking: a community or an event."""
    rng = rng_for(title)
    image, draw = canvas(width, height, rng)
    w, h = image.size
    image = soft_glow(image, (w * 0.5, h * 0.55), h // 2, rng.choice(TONES[1:3]))
    draw = ImageDraw.Draw(image)
    table = (w * 0.5, h * 0.72)
    draw.ellipse(
        (table[0] - w * 0.3, table[1] - h * 0.1, table[0] + w * 0.3, table[1] + h * 0.1), fill=TONES[0]
    )
    count = 6
    for i in range(count):
        angle = math.pi + (i + 0.5) * math.pi / count
        x = table[0] + math.cos(angle) * w * 0.3
        y = table[1] + math.sin(angle) * h * 0.3
        r = h * 0.065
        draw.ellipse((x - r * 1.6, y + r * 0.9, x + r * 1.6, y + r * 3.6), fill=rng.choice(TONES[1:5]))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(SKIN))
    for i in range(3):  # speech bubbles
        x, y = w * (0.25 + i * 0.25), h * (0.14 + (i % 2) * 0.06)
        bw, bh = w * 0.12, h * 0.12
        draw.rounded_rectangle((x - bw, y - bh / 2, x + bw, y + bh / 2), radius=int(bh / 3), fill=TONES[5])
        draw.polygon([(x - bw * 0.2, y + bh / 2), (x, y + bh), (x + bw * 0.1, y + bh / 2)], fill=TONES[5])
        for line in range(2):
            ly = y - bh * 0.15 + line * bh * 0.3
            draw.line(
                (x - bw * 0.7, ly, x + bw * (0.6 - line * 0.4), ly), fill=(90, 96, 104), width=4 * SCALE
            )
    return finish(image, width, height), "Illustration: people around a table, talking"


def illustration(title, width=1200, height=675):
    """The picture and its alt text for a demo image's title."""
    if title.startswith("Portrait of"):
        return portrait(title)
    if title.startswith("Course:"):
        return path(title, width, height)
    if title.startswith("Blog:"):
        return (notes if hashlib.sha256(title.encode()).digest()[0] % 2 else network)(title, width, height)
    if title == "KMP hero":
        return network(title, width, height)
    return gathering(title, width, height)
