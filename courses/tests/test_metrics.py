"""courses.metrics.participation on a hand-built dataset with known answers."""

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from django.test import override_settings

from community.people.factories import ContributorProfileFactory, UserFactory
from courses.factories import CoursePageFactory, EnrolmentFactory, LessonPageFactory, LessonProgressFactory
from courses.metrics import course_participation, participation

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def at(day, hour=12, minute=0, month=3):
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def dataset(course_tree):
    index = course_tree.index
    p1, p2, p3 = (
        ContributorProfileFactory(display_name=name, user__date_joined=LONG_AGO)
        for name in ("P One", "P Two", "P Three")
    )
    course_a = CoursePageFactory(parent=index, title="A", instructors=[p1])
    course_b = CoursePageFactory(parent=index, title="B", instructors=[p1, p2])
    course_c = CoursePageFactory(parent=index, title="C", instructors=[p3])
    a1, a2, a3 = (LessonPageFactory(parent=course_a) for _ in range(3))
    b1, b2 = (LessonPageFactory(parent=course_b) for _ in range(2))
    (c1,) = (LessonPageFactory(parent=course_c) for _ in range(1))
    u1, u2, u3, u4 = (UserFactory(date_joined=LONG_AGO) for _ in range(4))

    def done(user, lesson, when):
        LessonProgressFactory(user=user, lesson=lesson, completed_at=when)

    # Course A: u1 completes it; u2 is active at the very end of the period; u3 only
    # after it; P3 (who teaches C, not A) is an ordinary learner here.
    done(u1, a1, at(3))
    done(u1, a2, at(10))
    done(u1, a3, at(12))
    EnrolmentFactory(user=u1, course=course_a, enrolled_at=at(2), completed_at=at(12))
    done(u2, a1, at(27, month=2))
    done(u2, a2, at(31, 23, 59))
    done(u3, a1, datetime(2026, 4, 1, 0, 0, tzinfo=UTC))
    done(p3.user, a1, at(5))
    # Course B (two instructors): u1 active, u4 completes; instructor P2's own run never counts;
    # u2 completed it in February.
    done(u1, b1, at(15))
    done(u4, b1, at(20, 9))
    done(u4, b2, at(20, 10))
    EnrolmentFactory(user=u4, course=course_b, enrolled_at=at(19), completed_at=at(20, 10))
    done(p2.user, b1, at(21))
    done(p2.user, b2, at(21))
    EnrolmentFactory(user=p2.user, course=course_b, enrolled_at=at(21), completed_at=at(21))
    done(u2, b1, at(10, month=2))
    done(u2, b2, at(11, month=2))
    EnrolmentFactory(user=u2, course=course_b, enrolled_at=at(9, month=2), completed_at=at(28, month=2))
    # Course C: only its own instructor took part.
    done(p3.user, c1, at(6))
    EnrolmentFactory(user=p3.user, course=course_c, enrolled_at=at(6), completed_at=at(6))
    EnrolmentFactory(user=u4, course=course_c, enrolled_at=at(7))
    return {"p1": p1, "p2": p2, "p3": p3, "a": course_a, "b": course_b, "c": course_c}


def test_participation_gives_the_exact_expected_numbers(dataset):
    # A: 3 active (u1, u2, P3) + 3 × 1 completion = 6, all to P1.
    # B: 2 active (u1, u4) + 3 × 1 completion = 5, shared by P1 and P2.
    # C: nothing but its own instructor, so P3 gets nothing.
    result = participation(*MARCH)
    assert result == {dataset["p1"].pk: Fraction(17, 2), dataset["p2"].pk: Fraction(5, 2)}
    assert all(isinstance(value, Fraction) for value in result.values())


def test_the_completion_weight_is_a_parameter(dataset):
    result = participation(*MARCH, completion_weight=1)
    assert result == {dataset["p1"].pk: Fraction(11, 2), dataset["p2"].pk: Fraction(3, 2)}


def test_per_course_breakdown(dataset):
    rows = course_participation(*MARCH)
    assert {dataset[key].pk for key in "ab"} == set(rows)
    a, b = rows[dataset["a"].pk], rows[dataset["b"].pk]
    assert (a.active_learners, a.completions, a.value) == (3, 1, 6)
    assert (b.active_learners, b.completions, b.value) == (2, 1, 5)
    assert b.instructor_ids == [dataset["p1"].pk, dataset["p2"].pk]


def test_periods_are_inclusive_and_accept_datetimes(dataset):
    assert participation(datetime(2026, 3, 1, 15, tzinfo=UTC), datetime(2026, 3, 31, 1, tzinfo=UTC)) == (
        participation(*MARCH)
    )
    # Only the last day: u2's lesson at 23:59 on the 31st.
    assert participation(date(2026, 3, 31), date(2026, 3, 31)) == {dataset["p1"].pk: Fraction(1)}
    # April: u3's lesson at midnight on the 1st.
    assert participation(date(2026, 4, 1), date(2026, 4, 30)) == {dataset["p1"].pk: Fraction(1)}
    assert participation(date(2025, 1, 1), date(2025, 12, 31)) == {}


@override_settings(TIME_ZONE="Asia/Hong_Kong")
def test_period_days_are_the_sites_local_days(dataset):
    # 23:59 UTC on 31 March is 1 April in Hong Kong, so u2 leaves March and A has
    # u1 and P3 active, u1's completion: 2 + 3 = 5.
    result = participation(*MARCH)
    assert result[dataset["p1"].pk] == Fraction(5) + Fraction(5, 2)


def test_an_instructor_listed_twice_is_counted_once(dataset):
    from courses.models import CourseInstructor

    CourseInstructor.objects.create(page=dataset["a"], instructor=dataset["p1"], sort_order=5)
    assert participation(*MARCH)[dataset["p1"].pk] == Fraction(17, 2)


def test_only_learners_who_count_earn_points(course_tree):
    """Accounts younger than seven days when they acted, unverified addresses and the
    instructor's own referrals earn nothing; the rest earn in full."""
    from allauth.account.models import EmailAddress

    from community.tracking.factories import ReferralFactory

    course, instructor = course_tree.course, course_tree.instructor
    lesson = course_tree.lessons[0]
    honest, fresh, unverified, recruit = (UserFactory(date_joined=LONG_AGO) for _ in range(4))
    fresh.date_joined = at(8)
    fresh.save()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    ReferralFactory(contributor=instructor, user=recruit, kind="enrolment", object_id=course.pk)
    for user in (honest, fresh, unverified, recruit):
        LessonProgressFactory(user=user, lesson=lesson, completed_at=at(10))
    assert participation(*MARCH) == {instructor.pk: Fraction(1)}
    # Seven days on, the new account counts.
    LessonProgressFactory(user=fresh, lesson=course_tree.lessons[1], completed_at=at(15))
    assert participation(*MARCH) == {instructor.pk: Fraction(2)}


@override_settings(COURSES_POINTS_PER_LEARNER=2)
def test_points_per_learner_and_course_are_capped(dataset):
    # A: u1 (1 + 3, capped to 2), u2 1, P3 1 = 4; B: u1 1, u4 (1 + 3 → 2) = 3, shared.
    assert participation(*MARCH) == {
        dataset["p1"].pk: Fraction(4) + Fraction(3, 2),
        dataset["p2"].pk: Fraction(3, 2),
    }


# Issue 14, item 6: who taught a course is frozen when the counted thing happens, so
# later edits and deletions do not move a month's points.


@pytest.fixture
def taught(course_tree):
    """Two learners active in March in the course Amara teaches alone; one completes it."""
    course, lessons = course_tree.course, course_tree.lessons
    learners = [UserFactory(date_joined=LONG_AGO) for _ in range(2)]
    LessonProgressFactory(user=learners[1], lesson=lessons[0], completed_at=at(5))
    for lesson in lessons:
        LessonProgressFactory(user=learners[0], lesson=lesson, completed_at=at(6))
    EnrolmentFactory(user=learners[0], course=course, enrolled_at=at(4), completed_at=at(6))
    return course_tree


def add_instructor(course, profile):
    from courses.models import CourseInstructor

    return CourseInstructor.objects.create(page=course, instructor=profile, sort_order=9)


def test_a_co_instructor_added_later_gets_none_of_the_earlier_points(taught):
    before = participation(*MARCH)
    assert before == {taught.instructor.pk: Fraction(5)}
    add_instructor(taught.course, ContributorProfileFactory())
    assert participation(*MARCH) == before


def test_a_co_instructor_shares_only_what_happens_while_they_teach(taught):
    later = ContributorProfileFactory()
    add_instructor(taught.course, later)
    newcomer = UserFactory(date_joined=LONG_AGO)
    LessonProgressFactory(user=newcomer, lesson=taught.lessons[0], completed_at=at(20))
    assert participation(*MARCH) == {
        taught.instructor.pk: Fraction(5) + Fraction(1, 2),
        later.pk: Fraction(1, 2),
    }


def test_a_removed_instructor_keeps_the_points_earned_while_they_taught(taught):
    from courses.models import CourseInstructor

    leaving = ContributorProfileFactory()
    link = add_instructor(taught.course, leaving)
    learner = UserFactory(date_joined=LONG_AGO)
    LessonProgressFactory(user=learner, lesson=taught.lessons[0], completed_at=at(20))
    CourseInstructor.objects.filter(pk=link.pk).delete()
    after = UserFactory(date_joined=LONG_AGO)
    LessonProgressFactory(user=after, lesson=taught.lessons[0], completed_at=at(25))
    assert participation(*MARCH) == {
        taught.instructor.pk: Fraction(5) + Fraction(1, 2) + 1,
        leaving.pk: Fraction(1, 2),
    }


def test_a_course_deleted_before_close_keeps_the_months_points(taught):
    from courses.models import Enrolment, LessonProgress

    before = participation(*MARCH)
    rows = course_participation(*MARCH)
    taught.course.delete()
    assert not LessonProgress.objects.exists() and not Enrolment.objects.exists()
    assert participation(*MARCH) == before
    assert course_participation(*MARCH) == rows


def test_an_instructor_who_joined_later_is_still_no_learner_of_their_own_course(taught):
    """A learner who becomes an instructor later counted for the course before; what
    they do after they teach it never counts."""
    learner = ContributorProfileFactory(user__date_joined=LONG_AGO)
    LessonProgressFactory(user=learner.user, lesson=taught.lessons[0], completed_at=at(10))
    add_instructor(taught.course, learner)
    LessonProgressFactory(user=learner.user, lesson=taught.lessons[1], completed_at=at(12))
    # Their last lesson in March was while they taught the course: not counted.
    assert participation(*MARCH) == {taught.instructor.pk: Fraction(5)}
    assert participation(date(2026, 3, 1), date(2026, 3, 11)) == {taught.instructor.pk: Fraction(6)}


def test_the_backfill_gives_existing_data_the_same_result(dataset):
    """Migration 0009 writes the credits of activity recorded before it, with the
    instructors of that time: the calculation is unchanged."""
    import importlib

    from django.apps import apps

    from courses.models import TeachingCredit

    migration = importlib.import_module("courses.migrations.0009_teaching_credits")
    expected = {
        "march": participation(*MARCH),
        "weight": participation(*MARCH, completion_weight=1),
        "rows": course_participation(*MARCH),
        "april": participation(date(2026, 4, 1), date(2026, 4, 30)),
    }
    recorded = sorted(
        TeachingCredit.objects.values_list("kind", "source_id", "instructor_id", "learner_id", "happened_at")
    )
    TeachingCredit.objects.all().delete()
    assert participation(*MARCH) == {}
    migration.write_credits(apps, schema_editor=None)
    assert (
        sorted(
            TeachingCredit.objects.values_list(
                "kind", "source_id", "instructor_id", "learner_id", "happened_at"
            )
        )
        == recorded
    )
    assert {
        "march": participation(*MARCH),
        "weight": participation(*MARCH, completion_weight=1),
        "rows": course_participation(*MARCH),
        "april": participation(date(2026, 4, 1), date(2026, 4, 30)),
    } == expected
    # Run twice, it writes nothing more.
    migration.write_credits(apps, schema_editor=None)
    assert TeachingCredit.objects.count() == len(recorded)
