"""On a phone (390×844 in Chromium) the course page's main action is on screen when the
page opens, although the enrol panel comes after the whole lesson list: a bar at the
bottom of the screen holds it, and it works."""

import pytest

from community.wishlists.tests.test_browser import sign_in
from courses.factories import LessonPageFactory
from courses.models import Enrolment

PHONE = {"width": 390, "height": 844}


def in_viewport(locator, height=PHONE["height"]):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.browser
def test_on_a_phone_enrol_and_continue_are_on_screen_without_scrolling(
    live_server, chromium, output_dir, course_tree, make_user
):
    course = course_tree.course
    for number in range(4, 13):
        LessonPageFactory(parent=course, title=f"Lesson {number} of a long course", slug=f"lesson-{number}")
    learner = make_user(email="phone@example.com")
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        sign_in(page, live_server.url, learner.email)
        page.goto(live_server.url + course.url)
        bar = page.locator(".sticky-action")
        enrol = bar.get_by_role("button", name="Enrol in this course")
        assert in_viewport(enrol), enrol.bounding_box()
        panel_enrol = page.locator(".enrol-panel").get_by_role("button", name="Enrol in this course")
        assert not in_viewport(panel_enrol), "the lesson list is short: the test shows nothing"
        page.screenshot(path=str(output_dir / "courses-phone-enrol-bar.png"))

        enrol.click()
        page.wait_for_load_state()
        assert Enrolment.objects.filter(user=learner, course=course).exists()
        page.goto(live_server.url + course.url)
        start = page.locator(".sticky-action").get_by_role("link", name="Start the course")
        assert in_viewport(start)
        start.click()
        page.wait_for_url("**" + course_tree.lessons[0].url)
    finally:
        context.close()

    desktop = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = desktop.new_page()
        page.goto(live_server.url + course.url)
        assert not page.locator(".sticky-action").is_visible()  # the panel beside the lessons holds it
    finally:
        desktop.close()
