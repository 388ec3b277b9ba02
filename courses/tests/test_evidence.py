"""courses.evidence.learner_evidence, the review's evidence behind a course author's
points: it is about the learners the points came from, with the instructors the course
had when each lesson or course was completed (TeachingCredit), as the points are."""

from datetime import UTC, date, datetime

import pytest

from community.people.factories import ContributorProfileFactory, UserFactory
from courses.evidence import learner_evidence
from courses.factories import EnrolmentFactory, LessonProgressFactory
from courses.models import CourseInstructor

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def at(day, hour=12, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def taught(course_tree):
    """In March, in the course Amara teaches alone: one learner (enrolled in February)
    completes a lesson, another enrols and completes the whole course within the hour."""
    course, lessons = course_tree.course, course_tree.lessons
    learners = [UserFactory(date_joined=LONG_AGO) for _ in range(2)]
    EnrolmentFactory(user=learners[1], course=course, enrolled_at=datetime(2026, 2, 20, tzinfo=UTC))
    LessonProgressFactory(user=learners[1], lesson=lessons[0], completed_at=at(5))
    for lesson in lessons:
        LessonProgressFactory(user=learners[0], lesson=lesson, completed_at=at(6, 9, 30))
    EnrolmentFactory(user=learners[0], course=course, enrolled_at=at(6, 9), completed_at=at(6, 9, 30))
    return course_tree


def add_instructor(course, profile):
    return CourseInstructor.objects.create(page=course, instructor=profile, sort_order=9)


def shown(evidence):
    return (evidence.learners, evidence.enrolments, evidence.completions, evidence.rushed_completions)


def test_the_instructor_sees_the_evidence_of_the_months_learners(taught):
    evidence = learner_evidence(*MARCH, [taught.instructor.pk])
    assert shown(evidence[taught.instructor.pk]) == (2, 1, 1, 1)


def test_a_co_instructor_added_later_is_shown_none_of_the_earlier_completions(taught):
    later = ContributorProfileFactory()
    add_instructor(taught.course, later)
    evidence = learner_evidence(*MARCH, [taught.instructor.pk, later.pk])
    assert later.pk not in evidence
    assert shown(evidence[taught.instructor.pk]) == (2, 1, 1, 1)


def test_a_co_instructor_is_shown_only_what_happens_while_they_teach(taught):
    later = ContributorProfileFactory()
    add_instructor(taught.course, later)
    newcomer = UserFactory(date_joined=at(19))
    EnrolmentFactory(user=newcomer, course=taught.course, enrolled_at=at(20, 8))
    LessonProgressFactory(user=newcomer, lesson=taught.lessons[0], completed_at=at(20, 9))
    evidence = learner_evidence(*MARCH, [taught.instructor.pk, later.pk])
    assert shown(evidence[later.pk]) == (1, 1, 0, 0)
    assert evidence[later.pk].new_account_enrolments == 1
    assert shown(evidence[taught.instructor.pk]) == (3, 2, 1, 1)


def test_a_removed_instructor_is_still_shown_what_happened_while_they_taught(taught):
    CourseInstructor.objects.filter(page=taught.course, instructor=taught.instructor).delete()
    evidence = learner_evidence(*MARCH, [taught.instructor.pk])
    assert shown(evidence[taught.instructor.pk]) == (2, 1, 1, 1)
