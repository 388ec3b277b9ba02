"""The courses reward stream, keyed by ContributorProfile id.

Periods are inclusive date ranges (start and end are both counted) in the site's time
zone, as in community.tracking.metrics. Datetimes are accepted and reduced to their
local date."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from fractions import Fraction

from django.db.models import F
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from .models import CourseInstructor, CoursePage, Enrolment, LessonProgress

DEFAULT_COMPLETION_WEIGHT = 3


def _as_date(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.date()
    return value


def period_bounds(start, end):
    """[start_at, end_before): aware datetimes covering the whole of both end days."""
    tz = timezone.get_default_timezone()
    start_at = timezone.make_aware(datetime.combine(_as_date(start), time.min), tz)
    end_before = timezone.make_aware(datetime.combine(_as_date(end) + timedelta(days=1), time.min), tz)
    return start_at, end_before


@dataclass
class CourseParticipation:
    course_id: int
    active_learners: int = 0
    completions: int = 0
    instructor_ids: list = field(default_factory=list)
    completion_weight: Fraction = Fraction(DEFAULT_COMPLETION_WEIGHT)

    @property
    def value(self):
        return self.active_learners + self.completion_weight * self.completions


def course_participation(start, end, completion_weight=DEFAULT_COMPLETION_WEIGHT):
    """{course id: CourseParticipation} for courses with any activity in the period.

    Active learners: distinct learners who completed at least one lesson of the
    course in the period. Completions: enrolments completed in the period. The
    course's own instructors never count as its learners."""
    start_at, end_before = period_bounds(start, end)
    weight = Fraction(completion_weight)

    # A lesson's course is its parent page, whose tree path is the lesson's minus one step.
    active_pairs = set(
        LessonProgress.objects.filter(completed_at__gte=start_at, completed_at__lt=end_before)
        .annotate(course_path=Substr("lesson__path", 1, (F("lesson__depth") - 1) * Page.steplen))
        .values_list("course_path", "user_id")
        .distinct()
    )
    course_ids_by_path = dict(
        CoursePage.objects.filter(path__in={path for path, _ in active_pairs}).values_list("path", "pk")
    )
    completions = list(
        Enrolment.objects.filter(completed_at__gte=start_at, completed_at__lt=end_before).values_list(
            "course_id", "user_id"
        )
    )
    course_ids = set(course_ids_by_path.values()) | {course_id for course_id, _ in completions}
    instructors = defaultdict(list)
    instructor_users = defaultdict(set)
    for course_id, profile_id, user_id in CourseInstructor.objects.filter(page_id__in=course_ids).values_list(
        "page_id", "instructor_id", "instructor__user_id"
    ):
        if profile_id not in instructors[course_id]:
            instructors[course_id].append(profile_id)
        if user_id is not None:
            instructor_users[course_id].add(user_id)

    result = {}

    def row(course_id):
        if course_id not in result:
            result[course_id] = CourseParticipation(
                course_id, instructor_ids=instructors[course_id], completion_weight=weight
            )
        return result[course_id]

    for path, user_id in active_pairs:
        course_id = course_ids_by_path.get(path)
        if course_id is not None and user_id not in instructor_users[course_id]:
            row(course_id).active_learners += 1
    for course_id, user_id in completions:
        if user_id not in instructor_users[course_id]:
            row(course_id).completions += 1
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
