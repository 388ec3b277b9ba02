from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.models import SiteSettings

from .access import lesson_access
from .certificate_pdf import certificate_pdf
from .certificates import (
    display_code,
    find_certificate,
    is_code,
    linkedin_url,
    normalise_code,
    verification_url,
)
from .emails import queue_certificate_email
from .learning import LearningError, complete_lesson, enrol, leave, submit_quiz
from .models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from .progress import progress_for_courses
from .reviews import review_refusal, save_review


def visible_page_or_404(request, queryset, pk):
    """A live page the visitor may see, honouring Wagtail's privacy settings."""
    page = get_object_or_404(queryset.live(), pk=pk)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def send_to_login(request, next_url, message):
    messages.info(request, message)
    return redirect_to_login(next_url, login_url=reverse("account_login"))


@require_POST
def enrol_view(request, course_id):
    course = visible_page_or_404(request, CoursePage.objects, course_id)
    course_url = course.get_url(request)
    if not request.user.is_authenticated:
        return send_to_login(
            request,
            course_url,
            _("Sign in or create an account to enrol. You will come back to “%(course)s”.")
            % {"course": course.title},
        )
    try:
        enrolment, created = enrol(request.user, course)
    except LearningError as refusal:
        messages.error(request, str(refusal))
        return redirect(course_url)
    if created:
        messages.success(
            request, _("You are enrolled in “%(course)s”. Enjoy the course!") % {"course": course.title}
        )
    else:
        messages.info(request, _("You were already enrolled in “%(course)s”.") % {"course": course.title})
    return redirect(safe_next(request, course_url))


@require_POST
def leave_view(request, course_id):
    if not request.user.is_authenticated:
        raise Http404
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course"), user=request.user, course_id=course_id
    )
    course = enrolment.course
    try:
        leave(request.user, enrolment)
    except LearningError as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(
            request,
            _("You have left “%(course)s”. Your completed lessons are kept if you enrol again.")
            % {"course": course.title},
        )
    return redirect(course.get_url(request) if course.live else reverse("courses:my_learning"))


@require_POST
def complete_lesson_view(request, lesson_id):
    lesson = visible_page_or_404(request, LessonPage.objects, lesson_id)
    lesson_url = lesson.get_url(request)
    if not request.user.is_authenticated:
        return send_to_login(request, lesson_url, _("Sign in to record your progress."))
    access = lesson_access(request.user, lesson)
    if access.reason == "membership_needed":
        messages.error(request, str(access.message))
        return redirect(lesson_url)
    try:
        completion = complete_lesson(request.user, lesson)
    except LearningError as refusal:
        messages.error(request, str(refusal))
        return redirect(lesson_url)
    return after_completion(request, lesson, completion)


def after_completion(request, lesson, completion):
    """Where a learner goes once a lesson is complete: the certificate when it finished
    the course, else the next lesson (or the course)."""
    course = lesson.course
    if completion.newly_completed_course:
        queue_certificate_email(completion.enrolment)
        messages.success(
            request,
            _("Congratulations, you have completed “%(course)s”! Here is your certificate.")
            % {"course": course.title},
        )
        return redirect("courses:certificate", course_id=course.pk)
    if completion.newly_completed_lesson:
        messages.success(request, _("“%(lesson)s” is complete.") % {"lesson": lesson.title})
    following = lesson.get_next_siblings().live().type(LessonPage).first()
    return redirect(following.get_url(request) if following else course.get_url(request))


@require_POST
def submit_quiz_view(request, lesson_id):
    """Mark an attempt at one of the lesson's quizzes (named by the posted block id)."""
    lesson = visible_page_or_404(request, LessonPage.objects, lesson_id)
    lesson_url = lesson.get_url(request)
    if not request.user.is_authenticated:
        return send_to_login(request, lesson_url, _("Sign in to take the quiz."))
    access = lesson_access(request.user, lesson)
    if not access.allowed:
        messages.error(request, str(access.message))
        return redirect(lesson_url)
    quiz_id = request.POST.get("quiz", "")[:64]
    answers = {
        key.removeprefix("q-"): request.POST.getlist(key)[:20] for key in request.POST if key.startswith("q-")
    }
    try:
        submission = submit_quiz(request.user, lesson, quiz_id, answers)
    except LearningError as refusal:
        messages.error(request, str(refusal))
        return redirect(lesson_url)
    attempt = submission.attempt
    if attempt.passed:
        messages.success(request, _("You passed the quiz with %(score)s%%.") % {"score": attempt.score})
        if submission.completion is not None:
            return after_completion(request, lesson, submission.completion)
    else:
        messages.warning(
            request,
            _(
                "You scored %(score)s%%, below the pass mark. The feedback under each question shows what to review."
            )
            % {"score": attempt.score},
        )
    return redirect(f"{lesson_url}#quiz-{quiz_id}")


@require_POST
def review_view(request, course_id):
    """Write or rewrite the signed-in learner's review of a course they completed."""
    course = visible_page_or_404(request, CoursePage.objects, course_id)
    course_url = course.get_url(request)
    if not request.user.is_authenticated:
        return send_to_login(request, course_url, _("Sign in to review the course."))
    refusal = review_refusal(request.user, course)
    if refusal:
        messages.error(request, refusal)
        return redirect(course_url)
    review, errors = save_review(request.user, course, request.POST)
    if errors:
        messages.error(
            request,
            _("Your review was not saved: %(errors)s")
            % {"errors": "; ".join(e for v in errors.values() for e in v)},
        )
    else:
        messages.success(request, _("Thank you! Your review will appear once a moderator has read it."))
    return redirect(f"{course_url}#reviews")


@login_required
@require_GET
def my_learning(request):
    enrolments = list(
        Enrolment.objects.filter(user=request.user).select_related("course").order_by("-enrolled_at")
    )
    progress = progress_for_courses(request.user, [enrolment.course for enrolment in enrolments])
    for enrolment in enrolments:
        enrolment.progress = progress[enrolment.course_id]
    return render(
        request,
        "courses/my_learning.html",
        {
            "in_progress": [e for e in enrolments if not e.is_complete],
            "completed": [e for e in enrolments if e.is_complete],
            "catalogue_page": CourseIndexPage.objects.live().first(),
        },
    )


def own_certificate_or_404(request, course_id):
    """The signed-in learner's completed enrolment; another learner's course id finds nothing."""
    return get_object_or_404(
        Enrolment.objects.select_related("course", "user"),
        user=request.user,
        course_id=course_id,
        completed_at__isnull=False,
    )


def certificate_context(request, enrolment, **extra):
    site_name = SiteSettings.for_request(request).site_name
    return {
        "enrolment": enrolment,
        "instructors": enrolment.course.course_instructors.select_related("instructor"),
        "code": display_code(enrolment.certificate_code),
        "verification_url": verification_url(enrolment),
        "linkedin_url": linkedin_url(enrolment, site_name),
        "is_owner": request.user.is_authenticated and request.user.pk == enrolment.user_id,
        **extra,
    }


@login_required
@require_GET
def certificate(request, course_id):
    """The learner's own certificate, with its PDF and sharing links."""
    enrolment = own_certificate_or_404(request, course_id)
    return render(request, "courses/certificate.html", certificate_context(request, enrolment))


@login_required
@require_GET
def certificate_pdf_view(request, course_id):
    enrolment = own_certificate_or_404(request, course_id)
    instructors = [
        link.instructor.display_name
        for link in enrolment.course.course_instructors.select_related("instructor")
    ]
    content = certificate_pdf(enrolment, instructors, SiteSettings.for_request(request).site_name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{enrolment.course.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def verify_lookup(request):
    code = request.GET.get("code", "").strip()
    error = ""
    if code:
        if is_code(code):
            return redirect("courses:verify_certificate", code=display_code(normalise_code(code) or code))
        error = _("A certificate code is 12 letters and digits, for example ABCD-EFGH-JK23.")
    return render(
        request, "courses/verify_lookup.html", {"code": code, "error": error}, status=400 if error else 200
    )


@require_GET
def verify_certificate(request, code):
    """Public: anyone holding the link or the code (in any case) can check a certificate."""
    enrolment = find_certificate(code)
    if enrolment is None:
        return render(request, "courses/verify_lookup.html", {"code": code, "not_found": True}, status=404)
    return render(request, "courses/certificate.html", certificate_context(request, enrolment, verified=True))
