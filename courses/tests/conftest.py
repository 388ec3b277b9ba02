from types import SimpleNamespace

import pytest

from community.people.factories import ContributorProfileFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from courses.models import Enrolment


@pytest.fixture(autouse=True)
def _lessons_complete_at_once(settings):
    """Most tests are about progress, not pace: no minimum time per lesson. The tests
    of the minimum (test_pace.py) set it back."""
    settings.COURSES_LESSON_MIN_SECONDS = 0
    settings.COURSES_LESSON_TIME_SHARE = 0


@pytest.fixture
def course_tree(home_page):
    """A catalogue with one open course (one instructor) and three live lessons."""
    index = CourseIndexPageFactory(parent=home_page)
    instructor = ContributorProfileFactory(display_name="Amara Okafor")
    course = CoursePageFactory(
        parent=index,
        title="Building a community of practice",
        slug="building-a-cop",
        instructors=[instructor],
    )
    lessons = [
        LessonPageFactory(parent=course, title=title, slug=slug)
        for title, slug in [
            ("What makes a community", "what-makes-a-community"),
            ("Finding the core group", "finding-the-core-group"),
            ("Rhythm and events", "rhythm-and-events"),
        ]
    ]
    return SimpleNamespace(index=index, course=course, lessons=lessons, instructor=instructor)


@pytest.fixture
def learner(course_tree, make_user, client):
    """Someone enrolled on the course and signed in on `client`."""
    user = make_user()
    Enrolment.objects.create(user=user, course=course_tree.course)
    client.force_login(user)
    return user
