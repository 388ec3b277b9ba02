from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.people.models import Membership
from courses.factories import EnrolmentFactory, LessonProgressFactory
from courses.models import CoursePage, Enrolment, LessonProgress

pytestmark = pytest.mark.django_db


def enrol_url(course):
    return f"/courses/-/enrol/{course.pk}/"


def leave_url(course):
    return f"/courses/-/leave/{course.pk}/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def make_members_only(course):
    course.access = CoursePage.Access.MEMBERS
    course.save_revision().publish()


def test_a_learner_enrols_and_comes_back_to_the_course(client, course_tree, make_user):
    learner = make_user()
    client.force_login(learner)
    response = client.post(enrol_url(course_tree.course))
    assert response.status_code == 302
    assert response.url == course_tree.course.url
    assert Enrolment.objects.filter(user=learner, course=course_tree.course).count() == 1
    assert any("You are enrolled" in m for m in messages_of(response))
    html = client.get(course_tree.course.url).content.decode()
    assert "Start the course" in html
    assert "0 of 3 lessons complete" in html


def test_enrolling_twice_keeps_one_enrolment(client, course_tree, make_user):
    learner = make_user()
    client.force_login(learner)
    client.post(enrol_url(course_tree.course))
    response = client.post(enrol_url(course_tree.course))
    assert Enrolment.objects.filter(user=learner).count() == 1
    assert any("already enrolled" in m for m in messages_of(response))


def test_enrolling_from_a_locked_lesson_returns_to_it_but_never_to_another_site(
    client, course_tree, make_user
):
    client.force_login(make_user())
    lesson_url = course_tree.lessons[2].url
    assert client.post(enrol_url(course_tree.course), {"next": lesson_url}).url == lesson_url
    other = make_user()
    client.force_login(other)
    response = client.post(enrol_url(course_tree.course), {"next": "https://evil.example/"})
    assert response.url == course_tree.course.url


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back_to_the_course(client, course_tree):
    response = client.post(enrol_url(course_tree.course))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={course_tree.course.url}"
    assert Enrolment.objects.count() == 0


def test_a_members_only_course_refuses_non_members_with_a_clear_message(client, course_tree, make_user):
    make_members_only(course_tree.course)
    learner = make_user()
    Membership.objects.create(user=learner, paid_until=timezone.localdate() - timedelta(days=1))
    client.force_login(learner)
    response = client.post(enrol_url(course_tree.course), follow=True)
    assert Enrolment.objects.count() == 0
    html = response.content.decode()
    assert "is for KMP members only" in html
    assert "Enrol in this course" not in html


def test_a_member_enrols_in_a_members_only_course(client, course_tree, make_user):
    make_members_only(course_tree.course)
    member = make_user()
    Membership.objects.create(user=member, paid_until=timezone.localdate())
    client.force_login(member)
    client.post(enrol_url(course_tree.course))
    assert Enrolment.objects.filter(user=member).exists()


@pytest.mark.parametrize("url", ["/courses/-/enrol/{course}/", "/courses/-/leave/{course}/"])
def test_enrol_and_leave_refuse_get(client, course_tree, make_user, url):
    client.force_login(make_user())
    response = client.get(url.format(course=course_tree.course.pk))
    assert response.status_code == 405
    assert Enrolment.objects.count() == 0


def test_enrol_refuses_a_cross_site_post(course_tree, make_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user())
    response = browser.post(enrol_url(course_tree.course), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert Enrolment.objects.count() == 0


def test_enrol_works_with_the_csrf_token_of_the_course_page(course_tree, make_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user())
    browser.get(course_tree.course.url)
    token = browser.cookies["csrftoken"].value
    response = browser.post(enrol_url(course_tree.course), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize("course_id", ["999999", "{lesson}", "{index}"])
def test_enrol_in_something_that_is_not_a_course_is_404(client, course_tree, make_user, course_id):
    client.force_login(make_user())
    course_id = course_id.format(lesson=course_tree.lessons[0].pk, index=course_tree.index.pk)
    assert client.post(f"/courses/-/enrol/{course_id}/").status_code == 404
    assert Enrolment.objects.count() == 0


def test_enrol_in_an_unpublished_or_private_course_is_404(client, course_tree, make_user):
    client.force_login(make_user())
    PageViewRestriction.objects.create(
        page=course_tree.course, restriction_type="password", password="secret-word"
    )
    assert client.post(enrol_url(course_tree.course)).status_code == 404
    course_tree.course.unpublish()
    assert client.post(enrol_url(course_tree.course)).status_code == 404
    assert Enrolment.objects.count() == 0


def test_a_learner_leaves_a_course_and_keeps_their_completed_lessons(client, course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(user=learner, course=course_tree.course)
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[0])
    client.force_login(learner)
    response = client.post(leave_url(course_tree.course))
    assert response.url == course_tree.course.url
    assert not Enrolment.objects.filter(user=learner).exists()
    assert LessonProgress.objects.filter(user=learner).count() == 1
    # Coming back, they carry on where they were.
    client.post(enrol_url(course_tree.course))
    assert "1 of 3 lessons complete" in client.get(course_tree.course.url).content.decode()


def test_a_completed_course_cannot_be_left(client, course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(
        user=learner, course=course_tree.course, completed_at=timezone.now(), certificate_code="c" * 22
    )
    client.force_login(learner)
    response = client.post(leave_url(course_tree.course))
    assert Enrolment.objects.filter(user=learner).exists()
    assert any("certificate stays valid" in m for m in messages_of(response))


def test_leaving_a_course_you_are_not_enrolled_in_is_404(client, course_tree, make_user):
    client.force_login(make_user())
    assert client.post(leave_url(course_tree.course)).status_code == 404
    client.logout()
    assert client.post(leave_url(course_tree.course)).status_code == 404
