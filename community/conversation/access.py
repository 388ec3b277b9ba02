"""Who may read and write a page's comments.

Posts and events: comments are public. Lessons: only the course's learners and
teachers read or write them (courses.access.learner_access, so a preview lesson's
comments are not open to everyone either). Nothing outside live, public pages."""

from wagtail.models import Page

from courses.access import learner_access

COMMENTABLE_PAGE_TYPES = ("blog.blogpostpage", "courses.lessonpage", "events.eventpage")
LESSON_PAGE_TYPE = "courses.lessonpage"


def is_commentable(page):
    return page.specific_class is not None and page.specific_class._meta.label_lower in COMMENTABLE_PAGE_TYPES


def commentable_page(page_id):
    """The live public page with this id that takes comments, or None."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    return page.specific if page is not None and is_commentable(page) else None


def may_read_comments(user, page):
    if not is_commentable(page):
        return False
    if page.specific_class._meta.label_lower == LESSON_PAGE_TYPE:
        return learner_access(user, page.specific).allowed
    return True


def may_comment(user, page):
    return user.is_authenticated and user.is_active and may_read_comments(user, page)
