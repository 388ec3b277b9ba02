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
