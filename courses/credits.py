"""Teaching credits (models.TeachingCredit): the courses reward stream's record of who
taught a course when a learner did something in it.

A credit is written the moment a lesson or a course is completed, one per instructor of
the course at that moment, so the month's points stay with the people who taught while
they were earned (issue 14, item 6). The receivers below catch every way progress is
saved (the learning views, the demo, factories); code that inserts LessonProgress or
Enrolment rows in bulk calls credit_lessons / credit_completions itself."""

from wagtail.models import Page

from .models import CourseInstructor, Enrolment, LessonProgress, TeachingCredit


def instructors_by_course_path(paths):
    """{course path: (course id, [instructor profile ids, in their order, once each])}."""
    found = {}
    for path, course_id, profile_id in (
        CourseInstructor.objects.filter(page__path__in=set(paths))
        .order_by("page__path", "sort_order", "pk")
        .values_list("page__path", "page_id", "instructor_id")
    ):
        _course_id, profiles = found.setdefault(path, (course_id, []))
        if profile_id not in profiles:
            profiles.append(profile_id)
    return found


def credit_lessons(progress_ids):
    """Write the credits of these LessonProgress rows for the instructors their courses
    have now (idempotent)."""
    rows = LessonProgress.objects.filter(pk__in=list(progress_ids)).values_list(
        "pk", "user_id", "completed_at", "lesson__path"
    )
    # A lesson's course is its parent: the path without its last step.
    _write_credits(
        TeachingCredit.Kind.LESSON,
        [(pk, user_id, completed_at, path[: -Page.steplen]) for pk, user_id, completed_at, path in rows],
    )


def credit_completions(enrolment_ids):
    """Write the credits of these completed enrolments for the instructors their courses
    have now (idempotent; enrolments not completed are skipped)."""
    rows = Enrolment.objects.filter(pk__in=list(enrolment_ids), completed_at__isnull=False).values_list(
        "pk", "user_id", "completed_at", "course__path"
    )
    _write_credits(TeachingCredit.Kind.COURSE, list(rows))


def _write_credits(kind, rows):
    """One credit of `kind` per instructor of each row's course; a row is (what was
    completed, the learner, when, the course's path)."""
    teaching = instructors_by_course_path(course_path for *_, course_path in rows)
    credits = []
    for source_id, learner_id, completed_at, course_path in rows:
        course_id, profiles = teaching.get(course_path, (None, []))
        credits += [
            TeachingCredit(
                kind=kind,
                source_id=source_id,
                course_page_id=course_id,
                instructor_id=profile_id,
                learner_id=learner_id,
                happened_at=completed_at,
            )
            for profile_id in profiles
        ]
    TeachingCredit.objects.bulk_create(credits, ignore_conflicts=True)


def lesson_completed(sender, instance, created, raw=False, **kwargs):
    """post_save of LessonProgress: a new completion earns its instructors a credit."""
    if created and not raw:
        credit_lessons([instance.pk])


def enrolment_saved(sender, instance, raw=False, **kwargs):
    """post_save of Enrolment: a completed course earns its instructors a credit, once."""
    if raw or instance.completed_at is None:
        return
    if not TeachingCredit.objects.filter(kind=TeachingCredit.Kind.COURSE, source_id=instance.pk).exists():
        credit_completions([instance.pk])
