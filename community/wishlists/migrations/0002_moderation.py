"""The "Wish list moderation" workflow (one approval step for Moderators), Moderators'
permissions on any wish-list index that already exists, and the record permissions
for offers and services. An index created later is set up by portal.moderation with
community.wishlists.moderation's rules, the same as these. The data is frozen here:
a migration imports no live code."""

from django.db import migrations

WORKFLOW_NAME = "Wish list moderation"
TASK_NAME = "Moderators check the wish list"
REVIEWER_GROUPS = ["Moderators"]
PAGE_PERMISSIONS = {
    "Moderators": ["change_page", "publish_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    "Moderators": {
        "offer": ["view", "change"],
        "service": ["view", "change", "delete"],
    },
    "Editors": {
        "offer": ["view"],
        "service": ["view"],
    },
}


def get_or_create_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        # Set explicitly: a migration's historical model does not fill in its own content type.
        content_type = ContentType.objects.get_for_model(GroupApprovalTask)
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=content_type)
    task.groups.add(*Group.objects.filter(name__in=REVIEWER_GROUPS))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def grant_model_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, models in MODEL_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="wishlists", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def set_up_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WishListIndexPage = apps.get_model("wishlists", "WishListIndexPage")

    workflow = get_or_create_workflow(apps)
    grant_model_permissions(apps)
    for page_id in WishListIndexPage.objects.values_list("pk", flat=True):
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})


def remove_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wishlists", "0001_initial"),
        ("people", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up_moderation, remove_moderation)]
