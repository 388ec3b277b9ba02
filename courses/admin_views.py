"""Admin reports for course authors: per course participation over time and learners."""

import csv

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.people import roles

from .access import can_view_any_course_report, can_view_course_report
from .charts import render_line_chart
from .models import CoursePage, Enrolment
from .progress import live_lessons_by_course
from .reports import (
    WEEK_CHOICES,
    course_summary,
    format_week,
    learner_rows,
    lesson_funnel,
    parse_weeks,
    quiz_results,
    weekly_activity,
)

LEARNERS_PER_PAGE = 50


def forbidden(request):
    # An explicit 403 rather than Wagtail's redirect to the dashboard: the CSV link is a download.
    return TemplateResponse(
        request, "courses/admin/forbidden.html", {"page_title": _("Not allowed")}, status=403
    )


def reportable_courses(user):
    courses = CoursePage.objects.all()
    if not roles.has_role(user, roles.EDITORS, roles.FINANCE):
        courses = courses.filter(course_instructors__instructor__user=user).distinct()
    return courses


class CourseReportIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/report_index.html"
    page_title = gettext_lazy("Course participation")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_any_course_report(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        courses = (
            reportable_courses(self.request.user)
            .annotate(
                enrolled=Count("enrolments", distinct=True),
                completed=Count(
                    "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
                ),
            )
            .order_by("title")
        )
        context["courses"] = courses
        return context


class CourseReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/report.html"
    header_icon = "tasks"

    def dispatch(self, request, course_id, *args, **kwargs):
        self.course = get_object_or_404(CoursePage, pk=course_id)
        if not can_view_course_report(request.user, self.course):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Participation: %(course)s") % {"course": self.course.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("courses_admin:report_index"), "label": _("Course participation")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.course
        weeks = parse_weeks(self.request.GET.get("weeks"))
        activity = weekly_activity(course, weeks=weeks)
        chart = render_line_chart(
            [format_week(day) for day in activity.weeks],
            [
                (_("New enrolments"), activity.enrolments),
                (_("Active learners"), activity.active_learners),
                (_("Completions"), activity.completions),
            ],
            title=_("Participation in “%(course)s”, week by week") % {"course": course.title},
            description=_(
                "New enrolments, learners who completed at least one lesson, and course completions "
                "in each of the last %(weeks)s weeks."
            )
            % {"weeks": weeks},
            chart_id="participation",
        )
        enrolments = Enrolment.objects.filter(course=course).select_related("user").order_by("-enrolled_at")
        page_obj = Paginator(enrolments, LEARNERS_PER_PAGE).get_page(self.request.GET.get("page"))
        instructor_ids = course.get_instructor_user_ids()
        context.update(
            {
                "course": course,
                "weeks": weeks,
                "week_choices": WEEK_CHOICES,
                "chart": chart,
                "summary": course_summary(course),
                "funnel": lesson_funnel(course),
                "quizzes": quiz_results(course),
                "page_obj": page_obj,
                "learners": learner_rows(course, page_obj.object_list),
                "instructor_ids": instructor_ids,
                "csv_url": reverse("courses_admin:learners_csv", args=[course.pk]),
                "can_edit": course.permissions_for_user(self.request.user).can_edit(),
            }
        )
        return context


class Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    # A cell starting with one of these runs as a formula in spreadsheet programs.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def learners_csv(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not can_view_course_report(request.user, course):
        return forbidden(request)
    lessons_total = len(live_lessons_by_course([course])[course.pk])

    def rows():
        writer = csv.writer(Echo())
        yield writer.writerow(
            [
                _("Name"),
                _("Email"),
                _("Enrolled"),
                _("Lessons completed"),
                _("Lessons in course"),
                _("Progress (%)"),
                _("Last activity"),
                _("Completed"),
            ]
        )
        enrolments = Enrolment.objects.filter(course=course).select_related("user").order_by("enrolled_at")
        # Batches keep memory flat on a large course; each batch costs two queries.
        batch_size = 500
        for offset in range(0, enrolments.count(), batch_size):
            for row in learner_rows(course, enrolments[offset : offset + batch_size]):
                e = row.enrolment
                yield writer.writerow(
                    [
                        spreadsheet_safe(e.user.get_full_name()),
                        spreadsheet_safe(e.user.email),
                        timezone.localtime(e.enrolled_at).isoformat(timespec="minutes"),
                        row.lessons_done,
                        lessons_total,
                        row.percent,
                        timezone.localtime(row.last_activity).isoformat(timespec="minutes")
                        if row.last_activity
                        else "",
                        timezone.localtime(e.completed_at).isoformat(timespec="minutes")
                        if e.completed_at
                        else "",
                    ]
                )

    filename = f"{course.slug}-learners-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
