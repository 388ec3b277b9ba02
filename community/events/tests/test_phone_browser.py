"""On a phone (390×844 in Chromium) an event's RSVP to its next date is on screen when the
page opens, in a bar at the bottom of the screen, and it works."""

import pytest

from community.events.models import RSVP
from community.wishlists.tests.test_browser import sign_in
from courses.tests.test_phone_browser import PHONE, in_viewport


@pytest.mark.browser
def test_on_a_phone_the_next_dates_rsvp_is_on_screen_without_scrolling(
    live_server, chromium, output_dir, weekly_chat, make_user
):
    visitor = make_user(email="phone@example.com")
    next_date = weekly_chat.next_occurrences(1)[0]
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        sign_in(page, live_server.url, visitor.email)
        page.goto(live_server.url + weekly_chat.url)
        rsvp = page.locator(".sticky-action").get_by_role("button", name="RSVP: I'm going")
        assert in_viewport(rsvp), rsvp.bounding_box()
        page.screenshot(path=str(output_dir / "events-phone-rsvp-bar.png"))
        rsvp.click()
        page.wait_for_load_state()
        assert RSVP.objects.filter(
            user=visitor, event=weekly_chat, occurrence_start=next_date.original_start
        ).exists()
        assert in_viewport(page.locator(".sticky-action").get_by_text("You are going."))
    finally:
        context.close()
