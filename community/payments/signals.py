"""A plan added, changed or removed changes the membership offer ("Become a member,
from …") that members-only course pages show: the pages showing that section are
purged from the anonymous page cache by the app that renders them (courses), told
through portal.sections.section_changed; payments imports no courses."""

from portal.sections import MEMBERSHIP_OFFER_SECTIONS, section_changed


def plan_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        section_changed.send(sender=sender, hook_name=MEMBERSHIP_OFFER_SECTIONS)
