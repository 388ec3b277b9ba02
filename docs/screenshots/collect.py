"""Copies the first screen of five pages, at a phone's and a laptop's width, from the
layout sweep's photographs (test-output/pages/, written by
portal/tests/test_layout_browser.py) to docs/screenshots/, as JPEGs small enough to keep
in the repository. Run it with `make screenshots`."""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "home": "home.HomePage",
    "post": "blog.BlogPostPage",
    "course": "courses.CoursePage",
    "event": "events.EventPage",
    "rewards-report": "rewards-report",
}
SCREENS = {"390": (390, 900), "1280": (1280, 900), "1280-dark": (1280, 900)}


def main():
    for folder, (width, height) in SCREENS.items():
        for name, photographed in PAGES.items():
            shot = Image.open(ROOT / "test-output" / "pages" / folder / f"{photographed}.png")
            first_screen = shot.convert("RGB").crop((0, 0, width, min(height, shot.height)))
            target = ROOT / "docs" / "screenshots" / f"{name}-{folder}.jpg"
            first_screen.save(target, quality=80, optimize=True)
            print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
