"""What Finance sees about a course author's learners before a period is paid (the
rewards app's review before pay): how new their accounts were when they enrolled and
completed, and how fast courses were completed."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from .metrics import period_bounds
from .models import CourseInstructor, Enrolment

# Enrolling this soon after making the account, or completing this soon after enrolling,
# is what a sock puppet does; a real learner can too, so it is evidence, not a rule.
SOON_AFTER_SIGN_UP = timedelta(days=14)
RUSHED = timedelta(hours=1)


@dataclass
class LearnerEvidence:
    enrolments: int = 0  # enrolments in the author's courses made in the period
    new_account_enrolments: int = 0  # made within SOON_AFTER_SIGN_UP of the account
    completions: int = 0  # courses completed in the period
    new_account_completions: int = 0
    rushed_completions: int = 0  # completed within RUSHED of enrolling
    learners: int = 0  # distinct people enrolling or completing
    median_account_days: float | None = None  # the learners' account age at enrolment


def learner_evidence(start, end, contributor_ids):
    """{contributor id: LearnerEvidence} for the courses each contributor teaches."""
    start_at, end_before = period_bounds(start, end)
    courses_of = defaultdict(set)
    for course_id, contributor_id in CourseInstructor.objects.filter(
        instructor_id__in=list(contributor_ids)
    ).values_list("page_id", "instructor_id"):
        courses_of[course_id].add(contributor_id)
    if not courses_of:
        return {}
    enrolled_in = Enrolment.objects.filter(
        course_id__in=list(courses_of), enrolled_at__gte=start_at, enrolled_at__lt=end_before
    )
    completed_in = Enrolment.objects.filter(
        course_id__in=list(courses_of), completed_at__gte=start_at, completed_at__lt=end_before
    )
    fields = ("course_id", "user_id", "user__date_joined", "enrolled_at", "completed_at")
    rows = {values[:2]: values for values in enrolled_in.values_list(*fields)}
    rows.update({values[:2]: values for values in completed_in.values_list(*fields)})
    result = defaultdict(LearnerEvidence)
    ages = defaultdict(list)
    learners = defaultdict(set)
    for course_id, user_id, joined, enrolled, completed in rows.values():
        for contributor_id in courses_of[course_id]:
            evidence = result[contributor_id]
            learners[contributor_id].add(user_id)
            if start_at <= enrolled < end_before:
                evidence.enrolments += 1
                evidence.new_account_enrolments += enrolled - joined <= SOON_AFTER_SIGN_UP
                ages[contributor_id].append((enrolled - joined).total_seconds() / 86400)
            if completed and start_at <= completed < end_before:
                evidence.completions += 1
                evidence.new_account_completions += completed - joined <= SOON_AFTER_SIGN_UP
                evidence.rushed_completions += completed - enrolled <= RUSHED
    for contributor_id, evidence in result.items():
        evidence.learners = len(learners[contributor_id])
        if ages[contributor_id]:
            evidence.median_account_days = statistics.median(ages[contributor_id])
    return dict(result)
