"""What courses adds to the home page, account page and contributor profiles."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.factories import CoursePageFactory, EnrolmentFactory, LessonPageFactory, LessonProgressFactory
from courses.models import CoursePage
from courses.wagtail_hooks import home_open_courses

pytestmark = pytest.mark.django_db


def home_greeting(response):
    return BeautifulSoup(response.content, "html.parser").find("section", class_="greeting")


def test_home_page_shows_open_courses_before_members_only_ones(client, course_tree):
    members = CoursePageFactory(
        parent=course_tree.index, title="Members course", access=CoursePage.Access.MEMBERS
    )
    LessonPageFactory(parent=members)
    html = client.get("/").content.decode()
    assert "Open courses" in html
    assert html.index(course_tree.course.title) < html.index("Members course")
    assert "Members only" in html
    assert "3 lessons" in html
    assert f'href="{course_tree.index.url}"' in html


def test_home_page_hides_the_section_when_there_are_no_live_courses(client, course_tree):
    course_tree.course.unpublish()
    assert "Open courses" not in client.get("/").content.decode()


def test_home_section_renders_in_a_bounded_number_of_queries(rf, course_tree, home_page, make_user):
    request = rf.get("/")
    request.user = make_user()

    def render():
        with CaptureQueriesContext(connection) as queries:
            assert "Open courses" in home_open_courses(request, home_page)
        return len(queries)

    few = render()
    for n in range(4):
        course = CoursePageFactory(parent=course_tree.index, title=f"Extra {n}")
        LessonPageFactory(parent=course)
        EnrolmentFactory(user=request.user, course=course)
    assert render() <= few + 1  # the one extra: progress, once the learner is enrolled at all


def test_account_page_shows_my_learning_with_progress_and_continue(client, course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(user=learner, course=course_tree.course)
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[0])
    client.force_login(learner)
    html = client.get("/account/").content.decode()
    assert "My learning" in html
    assert "1 of 3 lessons (33%)" in html
    assert f'href="{course_tree.lessons[1].url}">Continue where you left off' in html
    assert 'href="/courses/-/my-learning/"' in html


def test_account_page_invites_a_newcomer_to_browse_courses(client, course_tree, make_user):
    client.force_login(make_user())
    html = client.get("/account/").content.decode()
    assert "You are not taking a course yet." in html
    assert f'href="{course_tree.index.url}"' in html


def test_my_learning_lists_progress_and_certificates(client, course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(user=learner, course=course_tree.course)
    done = CoursePageFactory(parent=course_tree.index, title="Finished course")
    EnrolmentFactory(user=learner, course=done, completed_at=timezone.now(), certificate_code="x" * 22)
    client.force_login(learner)
    html = client.get("/courses/-/my-learning/").content.decode()
    assert "0 of 3 lessons (0%)" in html
    assert "Start: What makes a community" in html
    assert f'href="/courses/-/certificates/{done.pk}/"' in html


def test_my_learning_renders_in_a_bounded_number_of_queries(client, course_tree, make_user):
    learner = make_user()
    client.force_login(learner)
    EnrolmentFactory(user=learner, course=course_tree.course)
    client.get("/courses/-/my-learning/")
    with CaptureQueriesContext(connection) as few:
        client.get("/courses/-/my-learning/")
    for n in range(5):
        course = CoursePageFactory(parent=course_tree.index, title=f"Another {n}")
        LessonPageFactory(parent=course)
        EnrolmentFactory(user=learner, course=course)
    client.get("/courses/-/my-learning/")  # new pages renew the site token: warm the caches again
    with CaptureQueriesContext(connection) as many:
        client.get("/courses/-/my-learning/")
    assert len(many) == len(few)


def test_account_section_is_empty_for_anonymous_requests(rf):
    from django.contrib.auth.models import AnonymousUser

    from courses.wagtail_hooks import account_my_learning

    request = rf.get("/account/")
    request.user = AnonymousUser()
    assert account_my_learning(request, None) == ""


def test_contributor_profile_lists_their_courses(client, course_tree):
    html = client.get(course_tree.instructor.get_absolute_url()).content.decode()
    assert "Courses by Amara Okafor" in html
    assert course_tree.course.title in html


def test_home_greets_a_learner_with_the_next_lesson_of_the_course_they_last_worked_on(
    client, course_tree, make_user
):
    learner = make_user(first_name="Ada")
    other = CoursePageFactory(parent=course_tree.index, title="Older course")
    LessonPageFactory(parent=other, title="Other lesson")
    EnrolmentFactory(user=learner, course=course_tree.course, enrolled_at=timezone.now() - timedelta(days=9))
    EnrolmentFactory(user=learner, course=other)  # enrolled last, not worked on
    first, second = course_tree.course.get_children().live().specific()[:2]
    LessonProgressFactory(user=learner, lesson=first)
    client.force_login(learner)
    greeting = home_greeting(client.get("/"))
    assert "Welcome back, Ada" in greeting.get_text(" ", strip=True)
    link = greeting.find("a", string=second.title)
    assert link is not None and link["href"] == second.url
    assert "Continue learning" in greeting.get_text() and "1 of 3 lessons done" in greeting.get_text()


def test_home_greeting_says_start_for_a_course_not_begun_and_nothing_for_a_finished_one(
    client, course_tree, make_user
):
    learner = make_user()
    enrolment = EnrolmentFactory(user=learner, course=course_tree.course)
    client.force_login(learner)
    first = course_tree.course.get_children().live().first()
    greeting = home_greeting(client.get("/"))
    assert "Start learning" in greeting.get_text() and greeting.find("a", string=first.title)
    enrolment.completed_at = timezone.now()
    enrolment.save()
    assert home_greeting(client.get("/")).find("li") is None
