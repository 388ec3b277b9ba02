"""Event times as a reader sees them in Chromium: one clock style on a page, the one the
browser's locale uses (12-hour in the United States, 24-hour in Britain), the date once
on a date's card, and no RSVP box on a cancelled date."""

import re

import pytest

from community.events.models import EventOccurrenceChange

pytestmark = pytest.mark.browser

TWELVE_HOUR = re.compile(r"\b\d{1,2}:\d{2}\s?[AP]M\b", re.IGNORECASE)
# A time a 12-hour clock never shows: 13:00 to 23:59, 00:xx, or an hour with a leading zero.
TWENTY_FOUR_HOUR_ONLY = re.compile(r"\b(?:1[3-9]|2[0-3]|0\d):\d{2}\b")
MONTHS = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b",
    re.IGNORECASE,
)
# What a card shows a sighted reader: without the decorative date leaf (aria-hidden)
# and text only screen readers get.
VISIBLE_TEXT = """(card) => {
  const copy = card.cloneNode(true);
  copy.querySelectorAll('[aria-hidden=true], .visually-hidden').forEach((el) => el.remove());
  return copy.textContent.replace(/\\s+/g, ' ');
}"""


def plain(text):
    """Intl puts narrow and thin no-break spaces around "PM" and range dashes."""
    return re.sub(r"[\u202f\u2009\u00a0]", " ", text)


def open_page(context, url):
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    return page


def test_times_follow_the_readers_clock_and_a_card_shows_its_date_once(
    live_server, chromium, output_dir, weekly_chat, event_index
):
    next_date = weekly_chat.next_occurrences(1)[0]
    urls = [weekly_chat.url, next_date.get_url(), event_index.url, weekly_chat.get_parent().url]

    us = chromium.new_context(
        locale="en-US", timezone_id="America/Chicago", viewport={"width": 1280, "height": 900}
    )
    try:
        for url in urls:
            page = open_page(us, live_server.url + url)
            text = plain(page.locator("main").inner_text())
            assert TWELVE_HOUR.search(text), (url, text[:400])
            assert not TWENTY_FOUR_HOUR_ONLY.findall(text), (url, TWENTY_FOUR_HOUR_ONLY.findall(text))
            page.close()
        page = open_page(us, live_server.url + weekly_chat.url)
        first = page.locator(".occurrence").first
        assert plain(first.locator("time[data-local]").inner_text()).startswith("12:00 – 1:00 PM")
        assert "Your time: 11:00 AM – 12:00 PM" in plain(first.inner_text())
        for card in page.locator(".occurrence").all():
            visible = card.evaluate(VISIBLE_TEXT)
            assert len(MONTHS.findall(visible)) == 1, visible
        page.screenshot(path=str(output_dir / "events-times-en-US.png"), full_page=True)
        page = open_page(us, live_server.url + event_index.url)
        for card in page.locator(".occurrence").all():
            visible = card.evaluate(VISIBLE_TEXT)
            assert len(MONTHS.findall(visible)) == 0, visible  # the date is on the leaf beside it
    finally:
        us.close()

    britain = chromium.new_context(locale="en-GB", timezone_id="Europe/London")
    try:
        for url in urls:
            page = open_page(britain, live_server.url + url)
            text = plain(page.locator("main").inner_text())
            assert not TWELVE_HOUR.search(text), (url, TWELVE_HOUR.findall(text))
            assert "12:00–13:00" in text and "Your time: 17:00–18:00" in text, (url, text[:400])
            page.close()
    finally:
        britain.close()


def test_a_cancelled_date_has_no_rsvp_box(live_server, browser_page, weekly_chat):
    cancelled = weekly_chat.next_occurrences(1)[0]
    EventOccurrenceChange.objects.create(
        page=weekly_chat, original_start=cancelled.original_start, cancelled=True, note="Away at KM World"
    )
    page = browser_page
    page.goto(live_server.url + cancelled.get_url())
    assert "This date is cancelled." in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Are you coming?").count() == 0
    assert page.locator(".rsvp").count() == 0
