"""Who may do what with posts, in Wagtail's own terms: page permissions on the blog
index and a one-step approval workflow assigned to it.

Bloggers get "add" (so they edit only the posts they own, and never publish);
Moderators and Editors review submitted posts. The functions take an app registry
so that the blog's data migration and the signal for a new blog index share them."""

from django.apps import apps as global_apps

from community.people import roles

WORKFLOW_NAME = "Blog moderation"
TASK_NAME = "Moderators approve the post"
REVIEWER_GROUPS = [roles.MODERATORS, roles.EDITORS]
INDEX_PAGE_PERMISSIONS = {
    roles.BLOGGERS: ["add_page"],
    roles.MODERATORS: ["change_page", "publish_page", "lock_page", "unlock_page"],
    roles.EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def get_or_create_blog_workflow(apps=global_apps):
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


def set_up_blog_index(page_id, apps=global_apps):
    """Grant the roles their permissions on this blog index and assign the workflow to it."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    for group_name, codenames in INDEX_PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)
    workflow = get_or_create_blog_workflow(apps)
    WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
