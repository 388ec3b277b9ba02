"""Who may open a lesson, enrol in a course and see a course's report."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from community.people import roles
from portal.second_factor import require_second_factor


@dataclass(frozen=True)
class LessonAccess:
    allowed: bool
    reason: str
    message: str = ""


PREVIEW = LessonAccess(True, "preview")
ENROLLED = LessonAccess(True, "enrolled")
TEACHING = LessonAccess(True, "teaching")
SIGN_IN = LessonAccess(
    False,
    "sign_in",
    _("Sign in and enrol in the course to read this lesson. The first lesson is free to preview."),
)
NOT_ENROLLED = LessonAccess(
    False, "not_enrolled", _("Enrol in the course to read this lesson. The first lesson is free to preview.")
)
MEMBERSHIP_NEEDED = LessonAccess(
    False,
    "membership_needed",
    _("This course is for KMP members. Your membership has lapsed: renew it to carry on where you left off."),
)


def is_instructor(user, course):
    return user.is_authenticated and user.pk in course.get_instructor_user_ids()


def can_edit_page(user, page):
    """Editors read what they may edit; as with every privilege, under production
    settings only with a second factor verified in this session."""
    if not (user.is_authenticated and (user.is_superuser or page.permissions_for_user(user).can_edit())):
        return False
    require_second_factor(user)
    return True


def lesson_access(user, lesson):
    if lesson.is_preview():
        return PREVIEW
    return learner_access(user, lesson)


def learner_access(user, lesson):
    """As lesson_access, except that a preview is not open to everyone: whether the user
    reads the lesson as one of the course's learners or teachers (its comments are theirs)."""
    from .models import Enrolment

    if not user.is_authenticated:
        return SIGN_IN
    course = lesson.course
    if Enrolment.objects.filter(user=user, course=course).exists():
        if course.is_members_only and not user.is_member and not is_instructor(user, course):
            return MEMBERSHIP_NEEDED
        return ENROLLED
    # Instructors and editors read every lesson without enrolling.
    if is_instructor(user, course) or can_edit_page(user, lesson):
        return TEACHING
    return NOT_ENROLLED


def enrolment_refusal(user, course):
    """Why this signed-in user may not enrol, or "" when they may."""
    if course.is_members_only and not user.is_member:
        return _(
            "“%(course)s” is for KMP members only. Become a member (or renew your membership) to enrol."
        ) % {"course": course.title}
    return ""


def can_view_course_report(user, course):
    """The course's own instructors, Editors and Finance (and superusers)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if roles.has_role(user, roles.EDITORS, roles.FINANCE):
        return True
    return is_instructor(user, course)


def can_view_any_course_report(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if roles.has_role(user, roles.EDITORS, roles.FINANCE):
        return True
    # Wagtail asks twice per admin page (the menu, then the reports menu), so
    # the answer is kept on the request's user object.
    teaches = getattr(user, "_kmp_teaches_a_course", None)
    if teaches is None:
        from .models import CourseInstructor

        teaches = CourseInstructor.objects.filter(instructor__user=user).exists()
        user._kmp_teaches_a_course = teaches
    return teaches
