import factory
import wagtail_factories
from django.utils import timezone

from community.people.factories import ContributorProfileFactory, UserFactory

from .models import CourseIndexPage, CourseInstructor, CoursePage, Enrolment, LessonPage, LessonProgress


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Courses"
    slug = "courses"
    introduction = "Self-paced courses."


class CoursePageFactory(wagtail_factories.PageFactory):
    """A course; pass instructors=[profile, ...] (default: one new contributor)."""

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course about knowledge management."
    estimated_hours = 3
    level = CoursePage.Level.BEGINNER
    access = CoursePage.Access.OPEN

    @factory.post_generation
    def instructors(self, create, extracted, **kwargs):
        if not create:
            return
        profiles = extracted if extracted is not None else [ContributorProfileFactory()]
        for order, profile in enumerate(profiles):
            CourseInstructor.objects.create(page=self, instructor=profile, sort_order=order)


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What this lesson covers."
    estimated_minutes = 20
    body = factory.LazyAttribute(
        lambda o: [("paragraph", f"<p>The full text of {o.title}: only enrolled learners read this.</p>")]
    )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    course = None
    enrolled_at = factory.LazyFunction(timezone.now)


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    user = factory.SubFactory(UserFactory)
    lesson = None
    completed_at = factory.LazyFunction(timezone.now)


def quiz_block(pass_mark=100, attempts_allowed=2):
    """A lesson body's quiz: one single choice, one multiple choice and one short answer
    question; the right answers are "Tacit", "People" + "Stories" and "after-action review"."""
    return (
        "quiz",
        {
            "title": "Check your understanding",
            "pass_mark": pass_mark,
            "attempts_allowed": attempts_allowed,
            "questions": [
                (
                    "single_choice",
                    {
                        "prompt": "Which knowledge lives in people's heads?",
                        "answers": [
                            {
                                "text": "Explicit",
                                "right": "wrong",
                                "feedback": "Explicit knowledge is written down.",
                            },
                            {"text": "Tacit", "right": "right", "feedback": "Yes: tacit knowledge."},
                        ],
                    },
                ),
                (
                    "multiple_choice",
                    {
                        "prompt": "What carries knowledge in a community?",
                        "answers": [
                            {"text": "People", "right": "right", "feedback": ""},
                            {"text": "Stories", "right": "right", "feedback": ""},
                            {
                                "text": "Org charts",
                                "right": "wrong",
                                "feedback": "A chart shows posts, not know-how.",
                            },
                        ],
                    },
                ),
                (
                    "short_answer",
                    {
                        "prompt": "What is the meeting after a project called?",
                        "accepted": ["after-action review", "AAR"],
                        "feedback_correct": "Right.",
                        "feedback_incorrect": "Look again at the section on reviews.",
                    },
                ),
            ],
        },
    )
