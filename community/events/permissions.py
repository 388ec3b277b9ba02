"""Page permissions for the events section. Event organisers add communities and
events under the two index pages and publish them (Wagtail's "add" lets them edit
only pages they own); Moderators edit and publish anything there. A new index is set
up by `portal.moderation` (connected in signals.connect()); migration 0002 granted the
same on the index pages that existed before, with its own frozen copy."""

from community.people import roles
from portal.moderation import SectionIndexSetUp

EVENTS_SECTION_INDEX = SectionIndexSetUp(
    permissions_by_group={
        roles.EVENT_ORGANISERS: ("add_page", "publish_page"),
        roles.MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    }
)
