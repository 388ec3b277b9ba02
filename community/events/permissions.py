"""Page permissions for the events section. Event organisers add communities and
events under the two index pages and publish them (Wagtail's "add" lets them edit
only pages they own); Moderators edit and publish anything there. Granted when an
index page is created (signals.py), and by migration 0002 for existing ones."""

from django.apps import apps as global_apps

from community.people import roles
from portal.moderation import grant_index_page_permissions

ORGANISER_PAGE_PERMISSIONS = ("add_page", "publish_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
SECTION_INDEX_MODELS = ("eventindexpage", "communityindexpage")


def grant_section_page_permissions(page, apps=global_apps):
    """Idempotent; takes an app registry so a data migration can pass its historical one."""
    grant_index_page_permissions(
        page.pk,
        {roles.EVENT_ORGANISERS: ORGANISER_PAGE_PERMISSIONS, roles.MODERATORS: MODERATOR_PAGE_PERMISSIONS},
        apps,
    )


def grant_for_page(page):
    grant_section_page_permissions(page)
