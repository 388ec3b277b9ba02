"""A learner's progress through courses, computed in a bounded number of queries."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from .access import enrolment_refusal, is_instructor
from .quizzes import lesson_quizzes


@dataclass
class CourseProgress:
    done: int = 0
    total: int = 0
    next_lesson: object = None
    completed_ids: set = field(default_factory=set)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def started(self):
        return self.done > 0


@dataclass
class LessonRow:
    lesson: object
    number: int
    completed: bool
    is_preview: bool


def live_lessons_by_course(courses):
    """{course id: [live lessons in tree order]} for these courses, in one query."""
    from .models import LessonPage

    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    steplen = LessonPage.steplen
    lessons = (
        LessonPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path, depth=len(path) // steplen + 1) for path in by_path)))
        .defer("body")
        .order_by("path")
    )
    result = {course.pk: [] for course in courses}
    for lesson in lessons:
        result[by_path[lesson.path[:-steplen]]].append(lesson)
    return result


def completed_lesson_ids(user, lesson_ids):
    from .models import LessonProgress

    if not user.is_authenticated or not lesson_ids:
        return set()
    return set(
        LessonProgress.objects.filter(user=user, lesson_id__in=list(lesson_ids)).values_list(
            "lesson_id", flat=True
        )
    )


def progress_from(lessons, completed_ids):
    done = [lesson for lesson in lessons if lesson.pk in completed_ids]
    next_lesson = next((lesson for lesson in lessons if lesson.pk not in completed_ids), None)
    return CourseProgress(
        done=len(done), total=len(lessons), next_lesson=next_lesson, completed_ids=set(completed_ids)
    )


def progress_for_courses(user, courses):
    """{course id: CourseProgress} for one learner."""
    lessons = live_lessons_by_course(courses)
    all_ids = {lesson.pk for rows in lessons.values() for lesson in rows}
    completed = completed_lesson_ids(user, all_ids)
    return {course_id: progress_from(rows, completed) for course_id, rows in lessons.items()}


def course_state(course, user):
    """Everything the course page (and its lessons' sidebars) shows a visitor."""
    from .models import Enrolment

    lessons = live_lessons_by_course([course])[course.pk]
    enrolment = None
    completed = set()
    # A course previewed before its first save has no learners yet.
    saved = course.pk is not None
    if user.is_authenticated and saved:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        completed = completed_lesson_ids(user, [lesson.pk for lesson in lessons])
    progress = progress_from(lessons, completed)
    rows = [
        LessonRow(lesson=lesson, number=number, completed=lesson.pk in completed, is_preview=number == 1)
        for number, lesson in enumerate(lessons, start=1)
    ]
    refusal = ""
    if user.is_authenticated and saved and enrolment is None:
        refusal = enrolment_refusal(user, course)
    return {
        "course": course,
        "lesson_rows": rows,
        "preview_lesson": lessons[0] if lessons else None,
        "total_minutes": sum(lesson.estimated_minutes for lesson in lessons),
        "enrolment": enrolment,
        "progress": progress,
        "enrolment_refusal": refusal,
        "instructors": list(course.course_instructors.select_related("instructor", "instructor__photo")),
        "outcomes": course.learning_outcomes.all(),  # read only when the page fragment is not kept
        "is_teaching": saved and is_instructor(user, course),
    }


def lesson_state(lesson, user):
    state = course_state(lesson.course, user) if lesson.course else {"lesson_rows": []}
    rows = state["lesson_rows"]
    position = next((i for i, row in enumerate(rows) if row.lesson.pk == lesson.pk), None)
    state.update(
        {
            "lesson_number": rows[position].number if position is not None else None,
            "lesson_completed": position is not None and rows[position].completed,
            # A lesson whose course requires its quizzes is completed by passing them.
            "completed_by_quiz": bool(
                lesson.course and lesson.course.quizzes_required and lesson_quizzes(lesson)
            ),
            "previous_lesson": rows[position - 1].lesson if position else None,
            "next_lesson": rows[position + 1].lesson
            if position is not None and position + 1 < len(rows)
            else None,
        }
    )
    return state


def attach_listing_details(courses, user):
    """Lesson counts, total minutes, enrolments, the average rating and (for a signed-in
    learner) progress on each course."""
    from .models import Enrolment
    from .reviews import enrolment_counts, rating_summaries

    if not courses:
        return courses
    lessons = live_lessons_by_course(courses)
    enrolled = {}
    completed = set()
    if user.is_authenticated:
        enrolled = {
            e.course_id: e for e in Enrolment.objects.filter(user=user, course__in=[c.pk for c in courses])
        }
        if enrolled:
            ids = {lesson.pk for cid in enrolled for lesson in lessons[cid]}
            completed = completed_lesson_ids(user, ids)
    ids = [course.pk for course in courses]
    ratings = rating_summaries(ids)
    enrolled_counts = enrolment_counts(ids)
    for course in courses:
        rows = lessons[course.pk]
        course.enrolment_count = enrolled_counts.get(course.pk, 0)
        course.rating_average, course.rating_count = ratings.get(course.pk, (None, 0))
        course.lesson_count = len(rows)
        course.total_minutes = sum(lesson.estimated_minutes for lesson in rows)
        course.user_enrolment = enrolled.get(course.pk)
        course.user_progress = progress_from(rows, completed) if course.user_enrolment else None
    return courses
