"""The site's roles as groups. Each app grants its own section's permissions to
these groups in a migration of its own, once that section exists."""

from django.db import migrations

ROLES = ["Bloggers", "Course authors", "Event organisers", "Moderators", "Editors", "Finance"]
# Roles that add or pick images and documents while editing.
CONTENT_ROLES = ["Bloggers", "Course authors", "Event organisers", "Moderators", "Editors"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    root_collection = Collection.objects.filter(depth=1).first()

    def perm(app_label, model, codename):
        ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        return Permission.objects.get_or_create(
            content_type=ct, codename=codename, defaults={"name": codename.replace("_", " ")}
        )[0]

    # Custom image models keep using Wagtail's own image permissions.
    image_perms = [perm("wagtailimages", "image", c) for c in ("add_image", "choose_image")]
    document_perms = [perm("wagtaildocs", "document", c) for c in ("add_document", "choose_document")]

    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if name in CONTENT_ROLES and root_collection:
            for permission in image_perms + document_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    editors = Group.objects.get(name="Editors")
    editors.permissions.add(
        perm("people", "contributorprofile", "add_contributorprofile"),
        perm("people", "contributorprofile", "change_contributorprofile"),
        perm("people", "contributorprofile", "view_contributorprofile"),
        perm("portal", "sitesettings", "change_sitesettings"),
    )
    if root_collection:
        for codename in ("change_image", "delete_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=perm("wagtailimages", "image", codename)
            )
    finance = Group.objects.get(name="Finance")
    finance.permissions.add(
        *[perm("people", "membership", f"{action}_membership") for action in ("add", "change", "view")]
    )


def grant_editors_pages(apps, schema_editor):
    """Editors curate every page; the page tree's root gets the grant so it covers all sites."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    editors = Group.objects.get(name="Editors")
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_initial"),
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(grant_editors_pages, migrations.RunPython.noop),
    ]
