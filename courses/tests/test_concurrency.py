"""Enrolments and progress stay exact under concurrent requests (real threads, PostgreSQL)."""

import pytest
from django.test import Client

from courses.factories import EnrolmentFactory, LessonProgressFactory
from courses.models import Enrolment, LessonProgress, TeachingCredit
from portal.tests.threads import run_at_once

THREADS = 50

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def post_concurrently(user, urls):
    """POST each url from its own thread and connection, all released at once."""
    clients = []
    for _ in urls:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return run_at_once(lambda client, url: client.post(url), list(zip(clients, urls, strict=True)))


def test_fifty_concurrent_enrol_requests_leave_exactly_one_enrolment(course_tree, make_user):
    learner = make_user()
    course = course_tree.course
    responses = post_concurrently(learner, [f"/courses/-/enrol/{course.pk}/"] * THREADS)
    assert [r.status_code for r in responses] == [302] * THREADS
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_concurrent_mark_complete_is_idempotent(course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(user=learner, course=course_tree.course)
    lesson = course_tree.lessons[0]
    responses = post_concurrently(learner, [f"/courses/-/complete/{lesson.pk}/"] * THREADS)
    assert {r.status_code for r in responses} == {302}
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1
    assert TeachingCredit.objects.filter(learner=learner, kind="lesson").count() == 1


def test_finishing_the_last_lessons_in_two_tabs_completes_the_course_once(course_tree, make_user):
    learner = make_user()
    enrolment = EnrolmentFactory(user=learner, course=course_tree.course)
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[0])
    last_two = [f"/courses/-/complete/{lesson.pk}/" for lesson in course_tree.lessons[1:]]
    responses = post_concurrently(learner, last_two * (THREADS // 2))
    certificate_url = f"/courses/-/certificates/{course_tree.course.pk}/"
    assert [r.url for r in responses].count(certificate_url) == 1
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment.certificate_code
    assert LessonProgress.objects.filter(user=learner).count() == 3
    # The instructor is credited once for each lesson and once for the course.
    credits = TeachingCredit.objects.filter(learner=learner, instructor=course_tree.instructor)
    assert sorted(credits.values_list("kind", flat=True)) == ["course"] + ["lesson"] * 3
