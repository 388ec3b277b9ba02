"""Learner A cannot read or change learner B's enrolment, progress or certificate by
guessing ids or codes."""

import pytest
from django.utils import timezone

from courses.factories import CoursePageFactory, EnrolmentFactory, LessonPageFactory, LessonProgressFactory
from courses.models import Enrolment, LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_learners(course_tree, make_user):
    """B has completed the course; A is enrolled in another course only."""
    a = make_user(first_name="Alice", email="alice@example.com")
    b = make_user(first_name="Bongani", email="bongani@example.com")
    for lesson in course_tree.lessons:
        LessonProgressFactory(user=b, lesson=lesson)
    b_enrolment = EnrolmentFactory(
        user=b, course=course_tree.course, completed_at=timezone.now(), certificate_code="B" * 22
    )
    other_course = CoursePageFactory(parent=course_tree.index, title="Another course")
    other_lesson = LessonPageFactory(parent=other_course)
    a_enrolment = EnrolmentFactory(user=a, course=other_course)
    return a, b, b_enrolment, a_enrolment, other_lesson


def test_a_cannot_open_bs_certificate_by_course_id(client, course_tree, two_learners):
    a, b, b_enrolment, *_ = two_learners
    client.force_login(a)
    response = client.get(f"/courses/-/certificates/{course_tree.course.pk}/")
    assert response.status_code == 404
    assert "Bongani" not in response.content.decode()
    client.force_login(b)
    assert client.get(f"/courses/-/certificates/{course_tree.course.pk}/").status_code == 200


def test_a_cannot_leave_bs_course_or_remove_bs_enrolment(client, course_tree, two_learners):
    a, b, b_enrolment, *_ = two_learners
    client.force_login(a)
    assert client.post(f"/courses/-/leave/{course_tree.course.pk}/").status_code == 404
    # The enrolment's own id means nothing to the leave view either.
    assert client.post(f"/courses/-/leave/{b_enrolment.pk}/").status_code == 404
    assert Enrolment.objects.filter(pk=b_enrolment.pk).exists()


def test_a_cannot_record_progress_in_a_course_they_are_not_enrolled_in(client, course_tree, two_learners):
    a, b, *_ = two_learners
    before = list(LessonProgress.objects.filter(user=b).values_list("lesson_id", "completed_at"))
    client.force_login(a)
    client.post(f"/courses/-/complete/{course_tree.lessons[1].pk}/")
    assert not LessonProgress.objects.filter(user=a).exists()
    assert list(LessonProgress.objects.filter(user=b).values_list("lesson_id", "completed_at")) == before


def test_a_sees_only_their_own_learning_and_progress(client, course_tree, two_learners):
    a, b, _, a_enrolment, _ = two_learners
    client.force_login(a)
    html = client.get("/courses/-/my-learning/").content.decode()
    assert a_enrolment.course.title in html
    assert course_tree.course.title not in html
    html = client.get(course_tree.course.url).content.decode()
    assert "Enrol in this course" in html
    assert "3 of 3" not in html
    html = client.get("/account/").content.decode()
    assert course_tree.course.title not in html


def test_a_guessed_verification_code_finds_nothing(client, two_learners):
    for code in ["B" * 21 + "C", "AAAAAAAAAAAAAAAAAAAAAA", "short", "../../etc/passwd"]:
        response = client.get(f"/courses/-/verify/{code}/")
        assert response.status_code == 404
        assert "Bongani" not in response.content.decode()


def test_the_public_verification_page_never_shows_the_learners_email(client, two_learners):
    response = client.get("/courses/-/verify/" + "B" * 22 + "/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid certificate" in html
    assert "bongani@example.com" not in html
    assert "Verification link" not in html
