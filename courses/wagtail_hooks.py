from django.db.models import Case, When
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import EditView

from portal.demo import SEED_DEMO
from portal.modeladmin import CreatedElsewherePermissionHelper, PortalModelAdmin
from portal.sections import (
    ACCOUNT_SECTIONS,
    CONTRIBUTOR_PROFILE_SECTIONS,
    HOME_GREETING_SECTIONS,
    HOME_PAGE_SECTIONS,
)

from . import admin_views
from .access import can_view_any_course_report, can_view_course_report
from .models import CourseIndexPage, CoursePage, CourseReview, Enrolment, LessonProgress
from .progress import attach_listing_details, progress_for_courses

HOME_COURSES = 3
ACCOUNT_COURSES = 3


# Public sections -------------------------------------------------------------


@hooks.register(HOME_PAGE_SECTIONS, order=25)
def home_open_courses(request, home_page):
    courses = list(
        CoursePage.objects.live()
        .public()
        .descendant_of(home_page)
        .select_related("listing_image", "social_image")
        .prefetch_related("course_instructors__instructor")
        # Courses anyone can take come before members-only ones.
        .annotate(members_only=Case(When(access=CoursePage.Access.MEMBERS, then=1), default=0))
        .order_by("members_only", "-first_published_at", "pk")[:HOME_COURSES]
    )
    if not courses:
        return ""
    attach_listing_details(courses, request.user)
    return render_to_string(
        "courses/sections/home_open_courses.html",
        {"courses": courses, "catalogue_page": CourseIndexPage.objects.live().first()},
        request=request,
    )


@hooks.register(ACCOUNT_SECTIONS, order=10)
def account_my_learning(request, profile):
    user = request.user
    if not user.is_authenticated:
        return ""
    enrolments = list(Enrolment.objects.filter(user=user).select_related("course").order_by("-enrolled_at"))
    in_progress = [e for e in enrolments if not e.is_complete]
    shown = in_progress[:ACCOUNT_COURSES]
    progress = progress_for_courses(user, [e.course for e in shown])
    for enrolment in shown:
        enrolment.progress = progress[enrolment.course_id]
    return render_to_string(
        "courses/sections/account_my_learning.html",
        {
            "in_progress": shown,
            "more_in_progress": len(in_progress) - len(shown),
            "completed_count": len(enrolments) - len(in_progress),
            "catalogue_page": CourseIndexPage.objects.live().first(),
        },
        request=request,
    )


@hooks.register(HOME_GREETING_SECTIONS, order=10)
def greeting_continue_learning(request, profile):
    """The next lesson of the course the learner last worked on (or last enrolled in)."""
    user = request.user
    enrolments = list(
        Enrolment.objects.filter(user=user, completed_at__isnull=True, course__live=True).select_related(
            "course"
        )
    )
    if not enrolments:
        return ""
    courses = {enrolment.course.path: enrolment.course for enrolment in enrolments}
    last_lesson_path = (
        LessonProgress.objects.filter(user=user, lesson__live=True)
        .values_list("lesson__path", flat=True)
        .first()
    )
    course = enrolments[0].course
    if last_lesson_path:
        course = courses.get(last_lesson_path[: -CoursePage.steplen], course)
    progress = progress_for_courses(user, [course])[course.pk]
    if progress.next_lesson is None:
        return ""
    return render_to_string(
        "courses/sections/greeting_continue.html", {"course": course, "progress": progress}, request=request
    )


@hooks.register(CONTRIBUTOR_PROFILE_SECTIONS, order=25)
def contributor_courses(request, profile):
    courses = list(
        CoursePage.objects.live()
        .public()
        .filter(course_instructors__instructor=profile)
        .distinct()
        .select_related("listing_image", "social_image")
        .prefetch_related("course_instructors__instructor")
        .order_by("title")
    )
    if not courses:
        return ""
    attach_listing_details(courses, request.user)
    return render_to_string(
        "courses/sections/contributor_courses.html", {"profile": profile, "courses": courses}, request=request
    )


# Admin: participation reports --------------------------------------------------


@hooks.register("register_admin_urls")
def register_course_report_urls():
    urls = [
        path("", admin_views.CourseReportIndexView.as_view(), name="report_index"),
        path("<int:course_id>/", admin_views.CourseReportView.as_view(), name="report"),
        path("<int:course_id>/learners.csv", admin_views.learners_csv, name="learners_csv"),
    ]
    return [path("course-reports/", include((urls, "courses_admin"), namespace="courses_admin"))]


class CourseReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_any_course_report(request.user)


@hooks.register("register_reports_menu_item")
def register_course_reports_menu_item():
    return CourseReportsMenuItem(
        _("Course participation"), reverse("courses_admin:report_index"), icon_name="tasks", order=300
    )


class CourseReportButton(PageMenuItem):
    label = _("Participation report")
    icon_name = "tasks"
    url_name = "courses_admin:report"

    def is_shown(self, user):
        return can_view_course_report(user, self.page)


def course_report_button(page, user):
    if page.specific_class is not CoursePage:
        return []
    course = page if isinstance(page, CoursePage) else page.specific_deferred
    return [CourseReportButton(page=course, priority=25)]


@hooks.register("register_page_header_buttons")
def course_report_header_button(page, user, view_name, next_url=None):
    return course_report_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def course_report_listing_button(page, user, next_url=None):
    return course_report_button(page, user)


# Admin: records (modeladmin) -------------------------------------------------


class EnrolmentAdmin(PortalModelAdmin):
    model = Enrolment
    menu_label = _("Enrolments")
    menu_icon = "user"
    list_display = ("user", "course", "enrolled_at", "completed_at")
    list_filter = ("enrolled_at", "completed_at")
    search_fields = ("user__email", "user__first_name", "user__last_name", "course__title")
    list_select_related = ("user", "course")
    inspect_view_enabled = True
    inspect_view_fields = ("user", "course", "enrolled_at", "completed_at")


class LessonProgressAdmin(PortalModelAdmin):
    model = LessonProgress
    menu_label = _("Lesson progress")
    menu_icon = "tick-inverse"
    list_display = ("user", "lesson", "completed_at")
    list_filter = ("completed_at",)
    search_fields = ("user__email", "user__first_name", "user__last_name", "lesson__title")
    list_select_related = ("user", "lesson")


class ModerateReviewView(EditView):
    """Publishing or hiding a review records who did it and when."""

    def form_valid(self, form):
        form.instance.moderated_by = self.request.user
        form.instance.moderated_at = timezone.now()
        return super().form_valid(form)


class CourseReviewAdmin(PortalModelAdmin):
    """The moderation queue: reviews waiting for a decision come first."""

    model = CourseReview
    menu_label = _("Course reviews")
    menu_icon = "comment"
    permission_helper_class = CreatedElsewherePermissionHelper
    edit_view_class = ModerateReviewView
    list_display = ("course", "rating", "text", "user", "status", "created_at")
    list_filter = ("status", "rating", "created_at")
    search_fields = ("text", "course__title", "user__email")
    list_select_related = ("course", "user")
    inspect_view_enabled = True
    inspect_view_fields = (
        "course",
        "user",
        "rating",
        "text",
        "status",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
    )

    def get_queryset(self, request):
        waiting_first = Case(When(status=CourseReview.Status.PENDING, then=0), default=1)
        return super().get_queryset(request).order_by(waiting_first, "-created_at")


class LearningAdminGroup(ModelAdminGroup):
    menu_label = _("Learning")
    menu_icon = "list-ol"
    menu_order = 250
    items = (EnrolmentAdmin, LessonProgressAdmin, CourseReviewAdmin)


modeladmin_register(LearningAdminGroup)


# Demo content ------------------------------------------------------------------


@hooks.register(SEED_DEMO, order=30)
def seed_demo_courses(command):
    from .demo import seed_courses

    seed_courses(command)
