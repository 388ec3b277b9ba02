from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, PagePermissionTester
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.models import BasePage

from .blocks import LessonStreamBlock


class CoursePermissionTester(PagePermissionTester):
    """Course authors edit the courses they teach and those courses' lessons, not only
    the pages they created; they add lessons only to courses they may edit."""

    def course(self):
        return self.page if isinstance(self.page, CoursePage) else self.page.get_parent().specific

    def teaches_course(self):
        return (
            self.user.is_active
            and "add" in self.permissions
            and self.user.pk in self.course().get_instructor_user_ids()
        )

    def can_edit(self):
        return super().can_edit() or (not self.page_is_root and self.teaches_course())

    def can_add_subpage(self):
        return super().can_add_subpage() and self.can_edit()


class CourseIndexPage(BasePage):
    """The catalogue of courses, filterable by topic and level."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    courses_per_page = 12

    class Meta:
        verbose_name = _("course index page")

    def get_courses(self):
        return (
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .select_related("listing_image", "social_image")
            .prefetch_related("course_instructors__instructor", "topics")
            .order_by("-first_published_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        from .progress import attach_listing_details

        context = super().get_context(request, *args, **kwargs)
        courses = self.get_courses()
        topic_slug = request.GET.get("topic", "").strip()
        level = request.GET.get("level", "").strip()
        topic = Tag.objects.filter(slug=topic_slug).first() if topic_slug else None
        if topic_slug:
            courses = courses.filter(topics=topic) if topic else courses.none()
        if level:
            courses = courses.filter(level=level) if level in CoursePage.Level.values else courses.none()
        page_obj = Paginator(courses, self.courses_per_page).get_page(request.GET.get("page"))
        attach_listing_details(list(page_obj.object_list), request.user)
        extra_query = urlencode(
            {name: value for name, value in (("topic", topic_slug), ("level", level)) if value}
        )
        context.update(
            {
                "page_obj": page_obj,
                "topics": Tag.objects.filter(courses_coursetopic_items__content_object__live=True)
                .distinct()
                .order_by("name"),
                "topic": topic,
                "topic_slug": topic_slug,
                "level": level,
                "levels": CoursePage.Level.choices,
                "extra_query": extra_query,
            }
        )
        return context


class CourseTopic(TaggedItemBase):
    content_object = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="topic_items")


class CoursePageForm(WagtailAdminPageForm):
    def is_valid(self):
        # Child formsets are cleaned after the page form's clean(), so check them here.
        valid = super().is_valid()
        instructors = self.formsets.get("course_instructors")
        if instructors is None:
            return valid
        seen = set()
        for form in instructors.forms:
            data = getattr(form, "cleaned_data", None) or {}
            instructor = data.get("instructor")
            if data.get("DELETE") or instructor is None:
                continue
            if instructor.pk in seen:
                form.add_error("instructor", _("This person is already an instructor of the course."))
                valid = False
            seen.add(instructor.pk)
        return valid


class CoursePage(BasePage):
    """A course: an overview page whose child pages are its lessons, in tree order."""

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Access(models.TextChoices):
        OPEN = "open", _("Open to every signed-in learner")
        MEMBERS = "members", _("KMP members only")

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("What the course is about and who it is for, in two or three sentences."),
    )
    description = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("description"),
        help_text=_("A longer, public introduction to the course."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
        help_text=_("About how long the whole course takes, exercises included."),
    )
    access = models.CharField(
        _("who can enrol"),
        max_length=20,
        choices=Access.choices,
        default=Access.OPEN,
        help_text=_("The first lesson is always a public preview."),
    )
    quizzes_required = models.BooleanField(
        _("lessons with a quiz need a pass"),
        default=False,
        help_text=_(
            "A lesson with a quiz is complete only when the learner passes it, so finishing the "
            "course means passing its quizzes. Otherwise passing completes the lesson at once, "
            "and time spent on it also does."
        ),
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=CourseTopic, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("estimated_hours")]),
                FieldPanel("access"),
                FieldPanel("quizzes_required"),
                FieldPanel("topics"),
            ],
            heading=_("About the course"),
        ),
        InlinePanel("course_instructors", label=_("Instructor"), min_num=1),
        InlinePanel("learning_outcomes", label=_("Learning outcome")),
        FieldPanel("description"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("level"),
        index.FilterField("access"),
    ]
    base_form_class = CoursePageForm

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        # /courses/-/... belongs to the enrol, certificate and "my learning" views.
        if self.slug == "-":
            raise ValidationError({"slug": _("This slug is reserved; choose another.")})

    @property
    def is_members_only(self):
        return self.access == self.Access.MEMBERS

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    def get_lessons(self):
        """The course's live lessons in the order of the page tree."""
        return LessonPage.objects.child_of(self).live().order_by("path")

    @cached_property
    def instructor_profiles(self):
        return [link.instructor for link in self.course_instructors.all()]

    def get_instructor_user_ids(self):
        return set(
            self.course_instructors.filter(instructor__user__isnull=False).values_list(
                "instructor__user_id", flat=True
            )
        )

    def get_author_user_ids(self):
        return self.get_instructor_user_ids()

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from .progress import course_state
        from .reviews import course_reviews

        context = super().get_context(request, *args, **kwargs)
        context.update(course_state(self, request.user))
        if self.pk:
            context.update(course_reviews(self, request.user))
        return context


class CourseInstructor(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_instructors")
    instructor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("instructor"),
        # Paid like a blog author: a contributor who teaches keeps their profile (see BlogPostAuthor).
        on_delete=models.PROTECT,
        related_name="course_links",
    )

    panels = [FieldPanel("instructor")]

    class Meta(Orderable.Meta):
        verbose_name = _("course instructor")
        verbose_name_plural = _("course instructors")

    def __str__(self):
        return str(self.instructor)


class CourseLearningOutcome(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="learning_outcomes")
    text = models.CharField(
        _("outcome"),
        max_length=255,
        help_text=_("Something the learner can do after the course, e.g. “Run an after-action review”."),
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self):
        return self.text


class LessonPage(BasePage):
    """One lesson. Its body is for enrolled learners only (the first lesson is a public
    preview), so it is never indexed for search: only the title and the summary are."""

    summary = models.CharField(
        _("public summary"),
        max_length=300,
        help_text=_("Shown to everyone, including people who are not enrolled, and in search results."),
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    # Never add "body" here: search results would show lesson text to anyone.
    search_fields = BasePage.search_fields + [index.SearchField("summary")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_listing_summary(self):
        return self.listing_summary or self.summary

    @cached_property
    def course(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_author_user_ids(self):
        return self.course.get_instructor_user_ids() if self.course else set()

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def is_preview(self):
        """The first live lesson of a course is open to everyone."""
        first = (
            LessonPage.objects.sibling_of(self).live().order_by("path").values_list("pk", flat=True).first()
        )
        return first == self.pk

    def get_context(self, request, *args, **kwargs):
        from .progress import lesson_state

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_state(self, request.user))
        return context

    def serve(self, request, *args, **kwargs):
        from .access import lesson_access

        access = lesson_access(request.user, self)
        if access.allowed:
            response = super().serve(request, *args, **kwargs)
            if request.user.is_authenticated and getattr(request, "method", "GET") == "GET":
                # The clock for completing it starts the first time a learner opens it.
                LessonOpening.objects.bulk_create(
                    [LessonOpening(user=request.user, lesson=self)], ignore_conflicts=True
                )
        else:
            request.is_preview = False
            context = self.get_context(request, *args, **kwargs)
            context["access"] = access
            # The course page's context with an explanation; the lesson body is never rendered.
            response = TemplateResponse(request, "courses/lesson_locked.html", context, status=403)
        # Who may read a lesson depends on the visitor and on the lesson order (the
        # preview can change), so no shared cache may keep one.
        patch_cache_control(response, private=True)
        return response


class Enrolment(models.Model):
    """A learner taking a course; completed (with a certificate) once every live lesson is done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    certificate_code = models.CharField(
        _("certificate code"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrolment_one_per_learner"),
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @property
    def is_complete(self):
        return self.completed_at is not None


class LessonProgress(models.Model):
    """A lesson a learner has marked complete."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="progress_records"
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_lessonprogress_one_per_learner"),
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class LessonOpening(models.Model):
    """When an enrolled learner first opened a lesson: a lesson can be completed only
    after the time a reader needs for it (learning.seconds_needed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+"
    )
    opened_at = models.DateTimeField(_("first opened"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson opening")
        verbose_name_plural = _("lesson openings")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_lessonopening_one_per_learner"),
        ]

    def __str__(self):
        return f"{self.user_id} opened {self.lesson_id}"


class QuizAttempt(models.Model):
    """One submitted attempt at a quiz block (named by its block id) in a lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz_id = models.CharField(_("quiz"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"), default=False)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["user", "lesson", "quiz_id"], name="courses_quizattempt_learner")]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id} · {self.score}%"


class CourseReview(models.Model):
    """A learner's rating and review of a course they completed; shown once a moderator
    has published it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 to 5 stars.")
    )
    text = models.TextField(_("review"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    moderation_reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why the review is hidden; the learner sees it."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("status"), FieldPanel("moderation_reason")]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course review")
        verbose_name_plural = _("course reviews")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_coursereview_one_per_learner"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="courses_coursereview_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.course} · {self.rating}/5"

    def clean(self):
        super().clean()
        if self.status == self.Status.HIDDEN and not self.moderation_reason.strip():
            raise ValidationError(
                {"moderation_reason": _("Say why the review is hidden: the learner reads it.")}
            )


class TeachingCredit(models.Model):
    """One instructor's credit for one thing a learner did in a course (a lesson or the
    whole course completed): the courses reward stream's record.

    Written when it happens (courses.credits), one row per instructor of the course at
    that moment, so a co-instructor added later shares none of it, an instructor removed
    keeps what they earned while they taught, and deleting the course (which deletes its
    lessons, progress and enrolments) keeps the month's points. The course and the source
    row are plain ids, not foreign keys, for the same reason."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson completed")
        COURSE = "course", _("Course completed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The LessonProgress's id for a lesson, the Enrolment's for a course.
    source_id = models.PositiveBigIntegerField(_("source record"))
    course_page_id = models.PositiveIntegerField(_("course page id"))
    instructor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("instructor"),
        on_delete=models.PROTECT,
        related_name="teaching_credits",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    happened_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("teaching credit")
        verbose_name_plural = _("teaching credits")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "instructor"], name="courses_teachingcredit_once_per_instructor"
            )
        ]
        indexes = [models.Index(fields=["happened_at"], name="courses_credit_happened")]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.learner_id} for {self.instructor_id}"
