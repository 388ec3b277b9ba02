"""Numbers for a course's participation report in the admin."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import Enrolment, LessonProgress, QuizAttempt
from .progress import live_lessons_by_course
from .quizzes import lesson_quizzes

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12


def week_start(day):
    return day - timedelta(days=day.weekday())


def _local_date(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class WeeklyActivity:
    weeks: list
    enrolments: list
    active_learners: list
    completions: list


def weekly_activity(course, weeks=DEFAULT_WEEKS, today=None):
    """New enrolments, active learners (completed a lesson) and completions per week.

    The course's instructors are left out, as in the courses reward stream."""
    today = today or timezone.localdate()
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    since = _start_of(first_week)
    week_days = [first_week + timedelta(weeks=i) for i in range(weeks)]
    instructors = course.get_instructor_user_ids()

    def per_week(queryset, field, count):
        rows = (
            queryset.filter(**{f"{field}__gte": since})
            .exclude(user_id__in=instructors)
            .annotate(week=TruncWeek(field))
            .values("week")
            .annotate(n=count)
            .values_list("week", "n")
        )
        counts = defaultdict(int)
        for week, n in rows:
            counts[_local_date(week)] += n
        return [counts[day] for day in week_days]

    enrolments = Enrolment.objects.filter(course=course)
    lessons = LessonProgress.objects.filter(
        lesson__path__startswith=course.path, lesson__depth=course.depth + 1
    )
    return WeeklyActivity(
        weeks=week_days,
        enrolments=per_week(enrolments, "enrolled_at", Count("pk")),
        active_learners=per_week(lessons, "completed_at", Count("user_id", distinct=True)),
        completions=per_week(enrolments.filter(completed_at__isnull=False), "completed_at", Count("pk")),
    )


@dataclass
class LearnerRow:
    enrolment: Enrolment
    lessons_done: int
    lessons_total: int
    last_activity: datetime | None

    @property
    def percent(self):
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def learner_rows(course, enrolments):
    """LearnerRow for each enrolment (already sliced for a page), in three queries."""
    enrolments = list(enrolments)
    lesson_ids = [lesson.pk for lesson in live_lessons_by_course([course])[course.pk]]
    user_ids = [e.user_id for e in enrolments]
    stats = {
        row["user_id"]: row
        for row in LessonProgress.objects.filter(user_id__in=user_ids, lesson_id__in=lesson_ids)
        .values("user_id")
        .annotate(done=Count("pk"), last=Max("completed_at"))
    }
    return [
        LearnerRow(
            enrolment=e,
            lessons_done=stats.get(e.user_id, {}).get("done", 0),
            lessons_total=len(lesson_ids),
            last_activity=stats.get(e.user_id, {}).get("last"),
        )
        for e in enrolments
    ]


def course_summary(course):
    """Headline numbers: enrolled, completed, completion rate, active in the last 30 days."""
    enrolments = Enrolment.objects.filter(course=course)
    totals = enrolments.aggregate(
        enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    since = _start_of(timezone.localdate() - timedelta(days=29))
    active_30 = (
        LessonProgress.objects.filter(
            lesson__path__startswith=course.path, lesson__depth=course.depth + 1, completed_at__gte=since
        )
        .values("user_id")
        .distinct()
        .count()
    )
    enrolled, completed = totals["enrolled"], totals["completed"]
    return {
        "enrolled": enrolled,
        "completed": completed,
        "in_progress": enrolled - completed,
        "completion_rate": round(100 * completed / enrolled) if enrolled else 0,
        "active_30_days": active_30,
    }


def lesson_funnel(course):
    """[(lesson, learners who completed it)] for the live lessons, in order."""
    lessons = live_lessons_by_course([course])[course.pk]
    counts = dict(
        LessonProgress.objects.filter(lesson_id__in=[lesson.pk for lesson in lessons])
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    return [(lesson, counts.get(lesson.pk, 0)) for lesson in lessons]


@dataclass
class QuestionStats:
    number: int
    prompt: str
    answered: int  # attempts that answered it
    right: int
    first_right: int  # learners right at their first attempt
    first_answered: int

    @property
    def percent(self):
        return round(100 * self.right / self.answered) if self.answered else 0

    @property
    def first_percent(self):
        return round(100 * self.first_right / self.first_answered) if self.first_answered else 0


@dataclass
class QuizStats:
    lesson: object
    title: str
    learners: int
    passed: int
    attempts: int
    questions: list


def quiz_results(course):
    """Per quiz of the live lessons, and per question: how often learners answered it
    right, over all attempts and at their first. Instructors are left out."""
    lessons = list(course.get_lessons())
    instructors = course.get_instructor_user_ids()
    attempts = list(
        QuizAttempt.objects.filter(lesson_id__in=[lesson.pk for lesson in lessons])
        .exclude(user_id__in=instructors)
        .order_by("submitted_at", "pk")
        .values("user_id", "lesson_id", "quiz_id", "passed", "answers")
    )
    results = []
    for lesson in lessons:
        for quiz in lesson_quizzes(lesson):
            rows = [a for a in attempts if a["lesson_id"] == lesson.pk and a["quiz_id"] == quiz.id]
            first = {}
            for row in rows:
                first.setdefault(row["user_id"], row)
            questions = []
            for number, question in enumerate(quiz.value["questions"], start=1):
                given = [row["answers"][question.id] for row in rows if question.id in row["answers"]]
                first_given = [
                    row["answers"][question.id] for row in first.values() if question.id in row["answers"]
                ]
                questions.append(
                    QuestionStats(
                        number=number,
                        prompt=question.value["prompt"],
                        answered=len(given),
                        right=sum(1 for answer in given if answer["right"]),
                        first_right=sum(1 for answer in first_given if answer["right"]),
                        first_answered=len(first_given),
                    )
                )
            results.append(
                QuizStats(
                    lesson=lesson,
                    title=quiz.value["title"],
                    learners=len(first),
                    passed=len({row["user_id"] for row in rows if row["passed"]}),
                    attempts=len(rows),
                    questions=questions,
                )
            )
    return results


def parse_weeks(value):
    try:
        weeks = int(value)
    except (TypeError, ValueError):
        return DEFAULT_WEEKS
    return weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS


def format_week(day: date):
    return f"{day.day} {day:%b}"
