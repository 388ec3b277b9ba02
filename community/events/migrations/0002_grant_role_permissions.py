"""Event organisers, Editors and Moderators may list RSVPs (scoped to their events
in the admin); Event organisers and Moderators get page permissions on the
section's index pages that already exist (new ones are granted on creation, by
community.events.permissions). The data is frozen here: a migration imports no live code."""

from django.db import migrations

SECTION_INDEX_MODELS = ("eventindexpage", "communityindexpage")
PAGE_PERMISSIONS = {
    "Event organisers": ("add_page", "publish_page"),
    "Moderators": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
RSVP_VIEWERS = ["Event organisers", "Editors", "Moderators"]
MEMBER_VIEWERS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")

    def permission(model, codename):
        content_type, _ = ContentType.objects.get_or_create(app_label="events", model=model)
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )[0]

    for name in RSVP_VIEWERS:
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(permission("rsvp", "view_rsvp"))
    for name in MEMBER_VIEWERS:
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(permission("communitymember", "view_communitymember"))

    index_pages = Page.objects.filter(
        content_type__app_label="events", content_type__model__in=SECTION_INDEX_MODELS
    )
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for page in index_pages:
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            for page_permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page.pk, permission=page_permission
                )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for codename in ("view_rsvp", "view_communitymember"):
        for permission in Permission.objects.filter(content_type__app_label="events", codename=codename):
            permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
