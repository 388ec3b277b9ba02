"""Page permissions for the events section. Event organisers add communities and
events under the two index pages and publish them (Wagtail's "add" lets them edit
only pages they own); Moderators edit and publish anything there. Granted when an
index page is created (signals.py), and by migration 0002 for existing ones."""

ORGANISER_PAGE_PERMISSIONS = ("add_page", "publish_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
SECTION_INDEX_MODELS = ("eventindexpage", "communityindexpage")


def grant_section_page_permissions(page, Group, Permission, GroupPagePermission):
    """Idempotent; takes the model classes so a data migration can pass its historical ones."""
    grants = (("Event organisers", ORGANISER_PAGE_PERMISSIONS), ("Moderators", MODERATOR_PAGE_PERMISSIONS))
    for group_name, codenames in grants:
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)


def grant_for_page(page):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    grant_section_page_permissions(page, Group, Permission, GroupPagePermission)
