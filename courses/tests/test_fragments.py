"""A course's and an event's description (and a course's learning outcomes) are kept
as page fragments (`{% pagecache %}`), as a post's article is: a signed-in reader, who
never gets the anonymous page cache, reads them from the cache, and a published edit
is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CourseLearningOutcome
from portal.cache import renew_site_token

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"}
DESCRIPTION = [{"type": "paragraph", "value": "<p>Why practice outlives projects.</p>"}]


def render(client, page):
    response = client.get(page.url, **BROWSER)
    assert response.status_code == 200
    return response.content.decode()


def queries_of_a_repeat_and_a_fresh_render(client, page):
    render(client, page)
    with CaptureQueriesContext(connection) as cached:
        repeat = render(client, page)
    renew_site_token()
    with CaptureQueriesContext(connection) as fresh:
        render(client, page)
    return repeat, cached, fresh


@pytest.fixture
def described_course(course_tree):
    course = course_tree.course
    course.description = DESCRIPTION
    course.learning_outcomes.add(CourseLearningOutcome(text="Start a community"))
    course.save_revision().publish()
    return course


def test_a_signed_in_reader_reads_a_courses_description_and_outcomes_from_the_cache(
    client, make_user, described_course
):
    client.force_login(make_user())
    repeat, cached, fresh = queries_of_a_repeat_and_a_fresh_render(client, described_course)
    assert "Why practice outlives projects." in repeat and "Start a community" in repeat
    assert not any("courses_courselearningoutcome" in q["sql"] for q in cached)
    assert any("courses_courselearningoutcome" in q["sql"] for q in fresh)
    assert len(cached) < len(fresh)


def test_a_published_edit_to_a_courses_description_is_seen_at_once(client, make_user, described_course):
    client.force_login(make_user())
    render(client, described_course)
    described_course.description = [{"type": "paragraph", "value": "<p>Revised.</p>"}]
    described_course.save_revision().publish()
    assert "Revised." in render(client, described_course)


def test_an_events_description_is_kept_as_a_fragment_until_the_event_is_published(
    client, make_user, home_page
):
    from community.events.factories import EventIndexPageFactory, EventPageFactory
    from community.events.models import EventPage

    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), title="Meet-up", slug="meet-up")
    event.description = DESCRIPTION
    event.save_revision().publish()
    client.force_login(make_user())
    assert "Why practice outlives projects." in render(client, event)

    # Changed behind Wagtail's back: the kept fragment is still what readers get.
    EventPage.objects.filter(pk=event.pk).update(
        description=[{"type": "paragraph", "value": "<p>Sneaked.</p>"}]
    )
    assert "Why practice outlives projects." in render(client, event)

    event.refresh_from_db()
    event.description = [{"type": "paragraph", "value": "<p>Revised.</p>"}]
    event.save_revision().publish()
    assert "Revised." in render(client, event)
