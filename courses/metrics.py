"""The courses reward stream, keyed by ContributorProfile id.

Periods are inclusive date ranges (start and end are both counted) in the site's time
zone, as in community.tracking.metrics. Datetimes are accepted and reduced to their
local date."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from fractions import Fraction

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Max
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from portal.dates import local_date

from .models import CourseInstructor, CoursePage, Enrolment, LessonProgress

DEFAULT_COMPLETION_WEIGHT = 3


def period_bounds(start, end):
    """[start_at, end_before): aware datetimes covering the whole of both end days."""
    tz = timezone.get_default_timezone()
    start_at = timezone.make_aware(datetime.combine(local_date(start), time.min), tz)
    end_before = timezone.make_aware(datetime.combine(local_date(end) + timedelta(days=1), time.min), tz)
    return start_at, end_before


@dataclass
class CourseParticipation:
    course_id: int
    active_learners: int = 0
    completions: int = 0
    instructor_ids: list = field(default_factory=list)
    completion_weight: Fraction = Fraction(DEFAULT_COMPLETION_WEIGHT)
    value: Fraction = Fraction(0)


def min_account_days():
    return int(getattr(settings, "COURSES_MIN_ACCOUNT_DAYS", 7))


def points_per_learner():
    return Fraction(getattr(settings, "COURSES_POINTS_PER_LEARNER", 4))


def counted_learners(user_ids, instructor_profile_ids):
    """{user id: date joined} of the learners whose activity can earn points: a verified
    email address and no referral to any of these instructors (their own recruits)."""
    EmailAddress = apps.get_model("account", "EmailAddress")
    Referral = apps.get_model("tracking", "Referral")
    verified = set(
        EmailAddress.objects.filter(user_id__in=user_ids, verified=True).values_list("user_id", flat=True)
    )
    referred = set(
        Referral.objects.filter(user_id__in=user_ids, contributor_id__in=instructor_profile_ids).values_list(
            "contributor_id", "user_id"
        )
    )
    joined = dict(get_user_model().objects.filter(pk__in=verified).values_list("pk", "date_joined"))
    return joined, referred


def course_participation(start, end, completion_weight=DEFAULT_COMPLETION_WEIGHT):
    """{course id: CourseParticipation} for courses with any activity in the period.

    Active learners: distinct learners who completed at least one lesson of the
    course in the period. Completions: enrolments completed in the period. Only
    learners who count do: not the course's instructors, nor anyone they referred, nor
    an account younger than COURSES_MIN_ACCOUNT_DAYS (7) when it acted, nor one without
    a verified email. A learner's points in a course (1 for being active, plus
    completion_weight for completing) are capped at COURSES_POINTS_PER_LEARNER (4)."""
    start_at, end_before = period_bounds(start, end)
    weight = Fraction(completion_weight)

    # A lesson's course is its parent page, whose tree path is the lesson's minus one step.
    # A learner's last lesson in the period: active once old enough is active.
    last_active = {
        (path, user_id): last
        for path, user_id, last in LessonProgress.objects.filter(
            completed_at__gte=start_at, completed_at__lt=end_before
        )
        .annotate(course_path=Substr("lesson__path", 1, (F("lesson__depth") - 1) * Page.steplen))
        .values_list("course_path", "user_id")
        .annotate(last=Max("completed_at"))
        .values_list("course_path", "user_id", "last")
    }
    course_ids_by_path = dict(
        CoursePage.objects.filter(path__in={path for path, _ in last_active}).values_list("path", "pk")
    )
    completions = list(
        Enrolment.objects.filter(completed_at__gte=start_at, completed_at__lt=end_before).values_list(
            "course_id", "user_id", "completed_at"
        )
    )
    course_ids = set(course_ids_by_path.values()) | {course_id for course_id, _, _ in completions}
    instructors = defaultdict(list)
    instructor_users = defaultdict(set)
    for course_id, profile_id, user_id in CourseInstructor.objects.filter(page_id__in=course_ids).values_list(
        "page_id", "instructor_id", "instructor__user_id"
    ):
        if profile_id not in instructors[course_id]:
            instructors[course_id].append(profile_id)
        if user_id is not None:
            instructor_users[course_id].add(user_id)

    learner_ids = {user_id for _, user_id in last_active} | {user_id for _, user_id, _ in completions}
    joined, referred = counted_learners(learner_ids, {pid for pids in instructors.values() for pid in pids})
    min_age = timedelta(days=min_account_days())

    def counts(course_id, user_id, when):
        if user_id in instructor_users[course_id] or user_id not in joined:
            return False
        if any((profile_id, user_id) in referred for profile_id in instructors[course_id]):
            return False
        return when - joined[user_id] >= min_age

    result = {}
    points = defaultdict(Fraction)

    def row(course_id):
        if course_id not in result:
            result[course_id] = CourseParticipation(
                course_id, instructor_ids=instructors[course_id], completion_weight=weight
            )
        return result[course_id]

    for (path, user_id), when in last_active.items():
        course_id = course_ids_by_path.get(path)
        if course_id is not None and counts(course_id, user_id, when):
            row(course_id).active_learners += 1
            points[(course_id, user_id)] += 1
    for course_id, user_id, when in completions:
        if counts(course_id, user_id, when):
            row(course_id).completions += 1
            points[(course_id, user_id)] += weight
    cap = points_per_learner()
    for (course_id, _user_id), value in points.items():
        result[course_id].value += min(value, cap)
    return result


def participation(start, end, completion_weight=DEFAULT_COMPLETION_WEIGHT):
    """The courses stream: {contributor profile id: Fraction}.

    Per course: active learners plus each completion times completion_weight, shared
    equally between the course's instructors."""
    shares = defaultdict(Fraction)
    for course in course_participation(start, end, completion_weight).values():
        if not course.instructor_ids or not course.value:
            continue
        share = Fraction(course.value) / len(course.instructor_ids)
        for profile_id in course.instructor_ids:
            shares[profile_id] += share
    return dict(shares)
