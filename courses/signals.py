"""Course authors may write courses under any course catalogue, including one created
after the migrations ran (a fresh site builds its catalogue later): the catalogue is
set up by `portal.moderation` (connected in CoursesConfig.ready()); migration 0002 set
up the catalogues that existed before, with its own frozen copy."""

from community.people import roles
from portal.moderation import SectionIndexSetUp
from portal.page_cache_purge import purge_published_page

COURSE_INDEX = SectionIndexSetUp(permissions_by_group={roles.COURSE_AUTHORS: ["add_page"]})


def review_changed(sender, instance, raw=False, **kwargs):
    """A review published, hidden or sent back to moderation changes the course page
    and every card showing its average: purge them from the page cache."""
    if not raw:
        purge_published_page(sender, instance.course)
