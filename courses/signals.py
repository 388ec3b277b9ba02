"""Course authors may write courses under any course catalogue, including one created
after the migrations ran (a fresh site builds its catalogue later)."""

from community.people import roles
from portal.moderation import grant_index_page_permissions
from portal.page_cache_purge import purge_published_page

COURSE_AUTHOR_PAGE_PERMISSIONS = ["add_page"]


def grant_course_authors(index_page):
    grant_index_page_permissions(index_page.pk, {roles.COURSE_AUTHORS: COURSE_AUTHOR_PAGE_PERMISSIONS})


def course_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_course_authors(instance)


def review_changed(sender, instance, raw=False, **kwargs):
    """A review published, hidden or sent back to moderation changes the course page
    and every card showing its average: purge them from the page cache."""
    if not raw:
        purge_published_page(sender, instance.course)
