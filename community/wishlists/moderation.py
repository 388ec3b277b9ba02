"""Moderation of wish lists in Wagtail's own terms: a one-step "Moderators" approval
workflow assigned to the wish-list index, page permissions for Moderators there,
and the record permissions Moderators need to hide spam offers and services.

The functions take an app registry so that the data migration and the receiver for
a new index page share them."""

from django.apps import apps as global_apps

from community.people import roles
from portal.moderation import get_or_create_approval_workflow, set_up_section_index

WORKFLOW_NAME = "Wish list moderation"
TASK_NAME = "Moderators check the wish list"
REVIEWER_GROUPS = [roles.MODERATORS]
INDEX_PAGE_PERMISSIONS = {
    roles.MODERATORS: ["change_page", "publish_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    roles.MODERATORS: {
        "offer": ["view", "change"],
        "service": ["view", "change", "delete"],
    },
    roles.EDITORS: {
        "offer": ["view"],
        "service": ["view"],
    },
}


def get_or_create_wish_list_workflow(apps=global_apps):
    return get_or_create_approval_workflow(WORKFLOW_NAME, TASK_NAME, REVIEWER_GROUPS, apps)


def set_up_wish_list_index(page_id, apps=global_apps):
    """Give Moderators their permissions on this index and assign the workflow to it."""
    set_up_section_index(page_id, INDEX_PAGE_PERMISSIONS, get_or_create_wish_list_workflow(apps), apps)


def grant_model_permissions(apps=global_apps):
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


def moderation_workflow_for(index_page):
    """The workflow a new wish list enters: the index's own, else the wish-list workflow."""
    from wagtail.models import Workflow

    workflow = index_page.get_workflow()
    if workflow is None or not workflow.active:
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    return workflow
