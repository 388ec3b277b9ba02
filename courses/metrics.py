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
from django.utils import timezone

from portal.dates import local_date

from .models import TeachingCredit

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
    # {instructor profile id: their part of value}: each point goes to the instructors
    # of the moment it was earned (TeachingCredit).
    shares: dict = field(default_factory=dict)


@dataclass
class Credited:
    """One lesson or course completed, with the instructors credited for it then."""

    kind: str
    course_id: int
    user_id: int
    when: datetime
    instructor_ids: list = field(default_factory=list)
    instructor_user_ids: set = field(default_factory=set)


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


def credited(start_at, end_before):
    """{(kind, source id): Credited} for what was completed in [start_at, end_before),
    from the teaching credits written when it happened."""
    events = {}
    for kind, source_id, course_id, user_id, when, profile_id, profile_user_id in (
        TeachingCredit.objects.filter(happened_at__gte=start_at, happened_at__lt=end_before)
        .order_by("pk")
        .values_list(
            "kind",
            "source_id",
            "course_page_id",
            "learner_id",
            "happened_at",
            "instructor_id",
            "instructor__user_id",
        )
    ):
        event = events.setdefault((kind, source_id), Credited(kind, course_id, user_id, when))
        event.instructor_ids.append(profile_id)
        if profile_user_id is not None:
            event.instructor_user_ids.add(profile_user_id)
    return events


def course_participation(start, end, completion_weight=DEFAULT_COMPLETION_WEIGHT):
    """{course id: CourseParticipation} for courses with any activity in the period.

    Active learners: distinct learners who completed at least one lesson of the
    course in the period. Completions: enrolments completed in the period. Only
    learners who count do: not the course's instructors, nor anyone they referred, nor
    an account younger than COURSES_MIN_ACCOUNT_DAYS (7) when it acted, nor one without
    a verified email. A learner's points in a course (1 for being active, plus
    completion_weight for completing) are capped at COURSES_POINTS_PER_LEARNER (4).

    "The course's instructors" are those it had when the lesson or course was completed
    (TeachingCredit), never today's: each point is shared by the instructors of its
    moment, and a deleted course keeps its points. A learner is active at their last
    lesson in the period, with the instructors of that lesson."""
    start_at, end_before = period_bounds(start, end)
    weight = Fraction(completion_weight)
    events = credited(start_at, end_before)

    # Per course and learner: their last lesson in the period (active once old enough
    # is active) and their completions.
    last_lesson = {}
    completions = []
    for _key, event in sorted(events.items(), key=lambda item: (item[1].when, item[0])):
        if event.kind == TeachingCredit.Kind.LESSON:
            last_lesson[(event.course_id, event.user_id)] = event
        else:
            completions.append(event)

    learner_ids = {event.user_id for event in events.values()}
    profile_ids = {pid for event in events.values() for pid in event.instructor_ids}
    joined, referred = counted_learners(learner_ids, profile_ids)
    min_age = timedelta(days=min_account_days())

    def counts(event):
        if event.user_id in event.instructor_user_ids or event.user_id not in joined:
            return False
        if any((profile_id, event.user_id) in referred for profile_id in event.instructor_ids):
            return False
        return event.when - joined[event.user_id] >= min_age

    result = {}
    earned = defaultdict(list)  # (course id, user id): [(points, event)]

    def row(course_id):
        if course_id not in result:
            result[course_id] = CourseParticipation(course_id, completion_weight=weight)
        return result[course_id]

    for (course_id, _user_id), event in last_lesson.items():
        if counts(event):
            row(course_id).active_learners += 1
            earned[(course_id, event.user_id)].append((Fraction(1), event))
    for event in completions:
        if counts(event):
            row(event.course_id).completions += 1
            earned[(event.course_id, event.user_id)].append((weight, event))
    cap = points_per_learner()
    for (course_id, _user_id), parts in earned.items():
        total = sum(points for points, _ in parts)
        scale = min(Fraction(1), cap / total) if total else Fraction(0)
        course = result[course_id]
        course.value += min(total, cap)
        for points, event in parts:
            share = points * scale / len(event.instructor_ids)
            for profile_id in event.instructor_ids:
                if profile_id not in course.instructor_ids:
                    course.instructor_ids.append(profile_id)
                course.shares[profile_id] = course.shares.get(profile_id, Fraction(0)) + share
    return result


def participation(start, end, completion_weight=DEFAULT_COMPLETION_WEIGHT):
    """The courses stream: {contributor profile id: Fraction}.

    Per course: active learners plus each completion times completion_weight, each point
    shared equally between the instructors the course had when it was earned."""
    shares = defaultdict(Fraction)
    for course in course_participation(start, end, completion_weight).values():
        for profile_id, share in course.shares.items():
            if share:
                shares[profile_id] += share
    return dict(shares)
