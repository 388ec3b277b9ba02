"""Course authors may write courses under any course catalogue, including one created
after the migrations ran (a fresh site builds its catalogue later): the catalogue is
set up by `portal.moderation` (connected in CoursesConfig.ready()); migration 0002 set
up the catalogues that existed before, with its own frozen copy."""

from django.db.models import Q

from community.people import roles
from portal.moderation import SectionIndexSetUp
from portal.page_cache_purge import purge_pages_only, purge_published_page
from portal.sections import MEMBERSHIP_OFFER_SECTIONS

COURSE_INDEX = SectionIndexSetUp(permissions_by_group={roles.COURSE_AUTHORS: ["add_page"]})


def review_changed(sender, instance, raw=False, **kwargs):
    """A review published, hidden or sent back to moderation changes the course page
    and every card showing its average: purge them from the page cache."""
    if not raw:
        purge_published_page(sender, instance.course)


def membership_offer_changed(sender, hook_name, **kwargs):
    """The membership offer (a plan's price) changed: purge the pages that show it, the
    members-only courses and their lessons (a locked lesson shows the enrol panel)."""
    if hook_name != MEMBERSHIP_OFFER_SECTIONS:
        return
    from wagtail.models import Page

    from .models import CoursePage

    course_paths = list(
        CoursePage.objects.filter(access=CoursePage.Access.MEMBERS).values_list("url_path", flat=True)
    )
    if not course_paths:
        return
    below = Q()
    for url_path in course_paths:
        below |= Q(url_path__startswith=url_path)
    purge_pages_only(Page.objects.filter(below).values_list("url_path", flat=True))
