"""What a learner does: enrol, leave, complete lessons. Exact under concurrent requests."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import enrolment_refusal
from .blocks import video_minutes
from .certificates import new_certificate_code
from .models import Enrolment, LessonOpening, LessonProgress, QuizAttempt
from .quizzes import check_passed, find_quiz, lesson_quizzes, mark


class LearningError(Exception):
    """An action refused with a message for the learner; nothing was changed."""


def _get_or_create(model, **lookup):
    """get_or_create that also survives losing a race to the unique constraint."""
    try:
        return model.objects.get_or_create(**lookup)
    except IntegrityError:
        return model.objects.get(**lookup), False


def enrol(user, course):
    """(enrolment, created). Enrolling twice is harmless: the first enrolment is kept."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing, False
    refusal = enrolment_refusal(user, course)
    if refusal:
        raise LearningError(refusal)
    return _get_or_create(Enrolment, user=user, course=course)


def leave(user, enrolment):
    """Remove an unfinished enrolment. Lessons already completed stay recorded, so a
    learner who comes back carries on where they were."""
    if enrolment.is_complete:
        raise LearningError(
            _("You have completed this course, so it stays on your record and your certificate stays valid.")
        )
    Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).delete()


@dataclass
class Completion:
    enrolment: Enrolment
    progress: LessonProgress
    newly_completed_lesson: bool
    newly_completed_course: bool


def seconds_needed(lesson):
    """How long a learner must have had a lesson open before completing it: a share of
    its estimated minutes (reading time) or of its videos' length, whichever is longer,
    never under the floor."""
    share = float(getattr(settings, "COURSES_LESSON_TIME_SHARE", 0.5))
    floor = int(getattr(settings, "COURSES_LESSON_MIN_SECONDS", 60))
    minutes = max(lesson.estimated_minutes, video_minutes(lesson.body))
    return max(floor, math.ceil(minutes * 60 * share))


def time_refusal(user, lesson):
    """A message when the learner has not yet spent the time the lesson needs, else ''."""
    needed = seconds_needed(lesson)
    if needed <= 0 or LessonProgress.objects.filter(user=user, lesson=lesson).exists():
        return ""
    opened = (
        LessonOpening.objects.filter(user=user, lesson=lesson).values_list("opened_at", flat=True).first()
    )
    if opened is None:
        return _("Open the lesson and work through it before marking it complete.")
    waited = (timezone.now() - opened).total_seconds()
    if waited >= needed:
        return ""
    minutes = math.ceil((needed - waited) / 60)
    return _("Take a little longer with this lesson: it can be marked complete in about %(minutes)s min.") % {
        "minutes": minutes
    }


def completion_refusal(user, lesson):
    """Why the learner may not complete the lesson yet, or ''. A passed check (every quiz
    in the lesson passed) completes it at once; otherwise it takes time, unless the
    course requires passing its quizzes."""
    if LessonProgress.objects.filter(user=user, lesson=lesson).exists():
        return ""
    if lesson_quizzes(lesson):
        if check_passed(user, lesson):
            return ""
        if lesson.course.quizzes_required:
            return _("Pass the quiz in this lesson to complete it.")
    return time_refusal(user, lesson)


def complete_lesson(user, lesson):
    """Mark a lesson complete (idempotent); complete the course when every live lesson is.
    Refused until the learner has passed the lesson's check or had it open for
    seconds_needed(lesson) (completion_refusal)."""
    course = lesson.course
    with transaction.atomic():
        # The enrolment row lock serialises one learner's concurrent completions, so
        # the last lesson done in two tabs at once still completes the course once.
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if enrolment is None:
            raise LearningError(_("Enrol in the course to record your progress."))
        refusal = completion_refusal(user, lesson)
        if refusal:
            raise LearningError(refusal)
        progress, created = _get_or_create(LessonProgress, user=user, lesson=lesson)
        course_completed = False
        if enrolment.completed_at is None:
            live_ids = set(course.get_lessons().values_list("pk", flat=True))
            done = set(
                LessonProgress.objects.filter(user=user, lesson_id__in=live_ids).values_list(
                    "lesson_id", flat=True
                )
            )
            if live_ids and live_ids <= done:
                enrolment.completed_at = timezone.now()
                enrolment.certificate_code = new_certificate_code()
                enrolment.save(update_fields=["completed_at", "certificate_code"])
                course_completed = True
    return Completion(enrolment, progress, created, course_completed)


@dataclass
class QuizSubmission:
    attempt: QuizAttempt
    attempts_left: int
    completion: Completion | None


def submit_quiz(user, lesson, quiz_id, answers):
    """Mark an attempt at a quiz in the lesson and keep it; a pass that leaves every quiz
    of the lesson passed completes the lesson. `answers` is {question id: [values]}.
    Refused, changing nothing, without an enrolment, after a pass or with no attempts left."""
    quiz = find_quiz(lesson, quiz_id)
    if quiz is None:
        raise LearningError(_("This quiz is no longer part of the lesson; reload the page."))
    allowed = quiz.value["attempts_allowed"]
    with transaction.atomic():
        # The enrolment row lock counts attempts exactly, even when two are sent at once.
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=lesson.course).first()
        if enrolment is None:
            raise LearningError(_("Enrol in the course to take its quizzes."))
        previous = QuizAttempt.objects.filter(user=user, lesson=lesson, quiz_id=quiz_id)
        if previous.filter(passed=True).exists():
            raise LearningError(_("You have already passed this quiz."))
        used = previous.count()
        if used >= allowed:
            raise LearningError(_("You have used all %(count)s attempts at this quiz.") % {"count": allowed})
        grade = mark(quiz.value, answers)
        attempt = QuizAttempt.objects.create(
            user=user,
            lesson=lesson,
            quiz_id=quiz_id,
            score=grade.score,
            passed=grade.passed,
            answers=grade.as_answers(),
        )
    completion = None
    if grade.passed and check_passed(user, lesson):
        completion = complete_lesson(user, lesson)
    return QuizSubmission(attempt, allowed - used - 1, completion)
