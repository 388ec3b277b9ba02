"""What Finance sees about a course author's learners before a period is paid (the
rewards app's review before pay): how new their accounts were when they enrolled and
completed, and how fast courses were completed.

The learners are those the author's points came from: the teaching credits of the
period (TeachingCredit, written with the course's instructors of the moment a lesson or
the course was completed), so a co-instructor added later is shown none of what came
before, and an instructor removed is still shown what happened while they taught."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from .metrics import period_bounds
from .models import Enrolment, TeachingCredit

# Enrolling this soon after making the account, or completing this soon after enrolling,
# is what a sock puppet does; a real learner can too, so it is evidence, not a rule.
SOON_AFTER_SIGN_UP = timedelta(days=14)
RUSHED = timedelta(hours=1)


@dataclass
class LearnerEvidence:
    enrolments: int = 0  # the learners' enrolments made in the period
    new_account_enrolments: int = 0  # made within SOON_AFTER_SIGN_UP of the account
    completions: int = 0  # courses completed in the period
    new_account_completions: int = 0
    rushed_completions: int = 0  # completed within RUSHED of enrolling
    learners: int = 0  # distinct people credited: a lesson or a course completed
    median_account_days: float | None = None  # the learners' account age at enrolment


def learner_evidence(start, end, contributor_ids):
    """{contributor id: LearnerEvidence} for the learners each contributor is credited
    with in the period. A learner's enrolment counts when it was made in the period."""
    start_at, end_before = period_bounds(start, end)
    credits = list(
        TeachingCredit.objects.filter(
            instructor_id__in=list(contributor_ids), happened_at__gte=start_at, happened_at__lt=end_before
        ).values_list(
            "instructor_id", "kind", "course_page_id", "learner_id", "learner__date_joined", "happened_at"
        )
    )
    if not credits:
        return {}
    course_ids = {course_id for _, _, course_id, *_ in credits}
    learner_ids = {learner_id for _, _, _, learner_id, *_ in credits}
    # A learner's one enrolment in a course (deleted with the course; then none is shown).
    enrolled_at = {
        (course_id, user_id): enrolled
        for course_id, user_id, enrolled in Enrolment.objects.filter(
            course_id__in=course_ids, user_id__in=learner_ids
        ).values_list("course_id", "user_id", "enrolled_at")
    }
    result = defaultdict(LearnerEvidence)
    taught = defaultdict(dict)  # contributor: {(course id, learner id): date joined}
    for contributor_id, kind, course_id, learner_id, joined, when in credits:
        taught[contributor_id][(course_id, learner_id)] = joined
        if kind == TeachingCredit.Kind.COURSE:
            evidence = result[contributor_id]
            enrolled = enrolled_at.get((course_id, learner_id))
            evidence.completions += 1
            evidence.new_account_completions += when - joined <= SOON_AFTER_SIGN_UP
            evidence.rushed_completions += enrolled is not None and when - enrolled <= RUSHED
    for contributor_id, learners in taught.items():
        evidence = result[contributor_id]
        evidence.learners = len({learner_id for _course_id, learner_id in learners})
        ages = []
        for pair, joined in learners.items():
            enrolled = enrolled_at.get(pair)
            if enrolled is not None and start_at <= enrolled < end_before:
                evidence.enrolments += 1
                evidence.new_account_enrolments += enrolled - joined <= SOON_AFTER_SIGN_UP
                ages.append((enrolled - joined).total_seconds() / 86400)
        if ages:
            evidence.median_account_days = statistics.median(ages)
    return dict(result)
