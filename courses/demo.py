"""Demo courses, lessons and learners with progress spread over recent weeks."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from community.people.models import ContributorProfile, Membership
from home.models import HomePage
from portal.demo import DEMO_PASSWORD, demo_image, demo_user, get_or_add_child

from .certificates import new_certificate_code
from .demo_content import COURSES
from .models import (
    CourseIndexPage,
    CourseInstructor,
    CourseLearningOutcome,
    CoursePage,
    CourseReview,
    Enrolment,
    LessonPage,
    LessonProgress,
)

LEARNERS = [
    ("learner1@kmp.example", "Lena", "Lindqvist"),
    ("learner2@kmp.example", "Kofi", "Mensah"),
    ("learner3@kmp.example", "Priya", "Raman"),
    ("learner4@kmp.example", "Jonas", "Weber"),
    ("learner5@kmp.example", "Mei", "Chen"),
    ("learner6@kmp.example", "Sam", "Okoro"),
]
# Learners with a current membership, so that they can take the members-only course.
MEMBERS = ["learner1@kmp.example", "learner4@kmp.example"]

# (learner email, course slug, enrolled days ago, lessons completed)
JOURNEYS = [
    ("learner1@kmp.example", "building-a-community-of-practice", 68, 5),
    ("learner2@kmp.example", "building-a-community-of-practice", 52, 5),
    ("learner3@kmp.example", "building-a-community-of-practice", 38, 3),
    ("learner4@kmp.example", "building-a-community-of-practice", 24, 2),
    ("learner5@kmp.example", "building-a-community-of-practice", 11, 1),
    ("learner6@kmp.example", "building-a-community-of-practice", 4, 0),
    ("learner1@kmp.example", "foundations-of-knowledge-management", 75, 5),
    ("learner3@kmp.example", "foundations-of-knowledge-management", 44, 4),
    ("learner5@kmp.example", "foundations-of-knowledge-management", 30, 5),
    ("learner6@kmp.example", "foundations-of-knowledge-management", 19, 2),
    ("learner2@kmp.example", "foundations-of-knowledge-management", 8, 1),
    ("learner1@kmp.example", "lessons-learned-and-after-action-reviews", 34, 4),
    ("learner4@kmp.example", "lessons-learned-and-after-action-reviews", 17, 2),
]

# (learner email, course slug, rating, review, status): by learners who completed the course.
REVIEWS = [
    (
        "learner1@kmp.example",
        "foundations-of-knowledge-management",
        5,
        "Clear, practical and short.",
        "published",
    ),
    (
        "learner5@kmp.example",
        "foundations-of-knowledge-management",
        4,
        "The SECI lesson made it click.",
        "published",
    ),
    (
        "learner2@kmp.example",
        "building-a-community-of-practice",
        4,
        "Good ideas for our first meetings.",
        "published",
    ),
    (
        "learner1@kmp.example",
        "building-a-community-of-practice",
        5,
        "Our community started from this.",
        "pending",
    ),
]

INDEX_INTRODUCTION = (
    "Self-paced courses written by KM practitioners. Every first lesson is free to preview; enrol to "
    "track your progress and earn a certificate."
)


def seed_courses(command):
    home = getattr(command, "home_page", None) or HomePage.objects.first()
    index = get_or_add_child(
        home,
        CourseIndexPage,
        "courses",
        title="Courses",
        show_in_menus=True,
        introduction=INDEX_INTRODUCTION,
        listing_summary="Self-paced KM courses by practitioners.",
    )
    courses = {}
    for spec in command.progress(COURSES, "courses"):
        courses[spec["slug"]] = seed_course(index, spec)

    learners = {email: demo_user(email, first, last) for email, first, last in LEARNERS}
    for email in MEMBERS:
        user = learners[email]
        if not Membership.objects.filter(user=user).exists():
            Membership.objects.create(
                user=user,
                started=timezone.localdate() - timedelta(days=90),
                paid_until=timezone.localdate() + timedelta(days=275),
            )
    for email, slug, days_ago, done in command.progress(JOURNEYS, "learner progress"):
        seed_journey(learners[email], courses[slug], days_ago, done)

    for email, slug, rating, text, status in REVIEWS:
        CourseReview.objects.get_or_create(
            user=learners[email],
            course=courses[slug],
            defaults={"rating": rating, "text": text, "status": status},
        )

    command.note(
        "Learners         "
        + ", ".join(email for email, _, _ in LEARNERS)
        + f" / {DEMO_PASSWORD} (learner1 and learner4 are members)"
    )
    command.note(f"Courses          {index.url}")


def seed_course(index, spec):
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing:
        course = existing.specific
    else:
        instructor = ContributorProfile.objects.get(slug=spec["instructor"])
        course = CoursePage(
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            description=spec["description"],
            level=spec["level"],
            estimated_hours=Decimal(spec["hours"]),
            access=spec["access"],
            owner=instructor.user,
            listing_image=demo_image(f"Course: {spec['title']}"),
            course_instructors=[CourseInstructor(instructor=instructor)],
            learning_outcomes=[CourseLearningOutcome(text=text) for text in spec["outcomes"]],
        )
        index.add_child(instance=course)
        course.topics.add(*spec["topics"])
        course.save_revision(user=instructor.user).publish()
    for lesson in spec["lessons"]:
        get_or_add_child(
            course,
            LessonPage,
            lesson["slug"],
            title=lesson["title"],
            summary=lesson["summary"],
            estimated_minutes=lesson["minutes"],
            body=lesson["body"],
            owner=course.owner,
        )
    return course


def seed_journey(user, course, days_ago, done):
    """An enrolment days_ago with its first `done` lessons completed at a steady pace."""
    now = timezone.now()
    enrolled_at = now - timedelta(days=days_ago, hours=3)
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_at": enrolled_at}
    )
    lessons = list(course.get_lessons())
    step = timedelta(days=days_ago) / (len(lessons) + 1)
    last = None
    for number, lesson in enumerate(lessons[:done], start=1):
        record, _ = LessonProgress.objects.get_or_create(
            user=user, lesson=lesson, defaults={"completed_at": enrolment.enrolled_at + step * number}
        )
        last = record.completed_at
    if lessons and done >= len(lessons) and enrolment.completed_at is None:
        enrolment.completed_at = last
        enrolment.certificate_code = new_certificate_code()
        enrolment.save(update_fields=["completed_at", "certificate_code"])
