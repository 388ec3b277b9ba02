"""Page permissions and one-step approval workflows for a section's index page, in
Wagtail's own terms. The functions take an app registry so that a data migration and
the receiver for a newly created index page share them."""

from django.apps import apps as global_apps


def get_or_create_approval_workflow(workflow_name, task_name, reviewer_groups, apps=global_apps):
    """A workflow with one group-approval task for these groups, created once."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")

    workflow, _ = Workflow.objects.get_or_create(name=workflow_name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        # Set explicitly: a migration's historical model does not fill in its own content type.
        content_type = ContentType.objects.get_for_model(GroupApprovalTask)
        task = GroupApprovalTask.objects.create(name=task_name, active=True, content_type=content_type)
    task.groups.add(*Group.objects.filter(name__in=reviewer_groups))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def grant_index_page_permissions(page_id, permissions_by_group, apps=global_apps):
    """Grant each group these page permissions on the index page (and so below it); idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    for group_name, codenames in permissions_by_group.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


def set_up_section_index(page_id, permissions_by_group, workflow, apps=global_apps):
    """Grant each group its page permissions on this index and assign the workflow to it."""
    grant_index_page_permissions(page_id, permissions_by_group, apps)
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
