"""The "done when" path in a real browser: a visitor in Tokyo sees the weekly chat in
their own time, RSVPs, gets calendar links, and the organiser sees them coming."""

import pytest

from community.events.factories import EventOrganiserFactory
from community.people import roles
from community.people.factories import ContributorProfileFactory

pytestmark = pytest.mark.browser


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def test_visitor_rsvps_in_their_own_time_and_the_organiser_sees_them(
    live_server, chromium, output_dir, weekly_chat, make_user
):
    organiser = make_user(roles.EVENT_ORGANISERS, email="amara@example.com")
    EventOrganiserFactory(page=weekly_chat, organiser=ContributorProfileFactory(user=organiser))
    make_user(email="visitor@example.com", first_name="Visiting", last_name="Member")
    next_date = weekly_chat.next_occurrences(1)[0]
    tokyo_time = next_date.start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))

    context = chromium.new_context(
        timezone_id="Asia/Tokyo", locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(live_server.url + weekly_chat.url)
        first = page.locator(".occurrence").first
        assert "12:00–13:00" in first.locator("time").inner_text()
        local = first.locator(".local-time").inner_text()
        assert local.startswith("Your time:") and tokyo_time.strftime("%H:%M") in local
        assert page.locator("a[href*='meet.example.com']").count() == 0

        log_in(page, live_server.url, "visitor@example.com")
        page.goto(live_server.url + next_date.get_url())
        page.get_by_role("button", name="RSVP: I'm going").click()
        page.wait_for_load_state()
        assert "You are going" in page.locator(".rsvp").inner_text()
        assert (
            page.get_by_role("link", name="Join online")
            .get_attribute("href")
            .startswith("https://meet.example.com")
        )
        ics = page.get_by_role("link", name="This date (.ics)").get_attribute("href")
        assert page.request.get(live_server.url + ics).headers["content-type"].startswith("text/calendar")
        google = page.get_by_role("link", name="This date in Google Calendar").get_attribute("href")
        assert google.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
        page.screenshot(path=str(output_dir / "events-occurrence-going.png"), full_page=True)

        page.context.clear_cookies()
        log_in(page, live_server.url, organiser.email)
        page.goto(f"{live_server.url}/admin/events/attendance/{weekly_chat.pk}/")
        assert "Visiting Member" in page.locator("main").inner_text()
        page.screenshot(path=str(output_dir / "events-attendance-admin.png"), full_page=True)
    finally:
        context.close()
