"""Who may do what with posts, in Wagtail's own terms: page permissions on the blog
index and a one-step approval workflow assigned to it.

Bloggers get "add" (so they edit only the posts they own, and never publish);
Moderators and Editors review submitted posts. The functions take an app registry
so that the blog's data migration and the signal for a new blog index share them."""

from django.apps import apps as global_apps

from community.people import roles
from portal.moderation import get_or_create_approval_workflow, set_up_section_index

WORKFLOW_NAME = "Blog moderation"
TASK_NAME = "Moderators approve the post"
REVIEWER_GROUPS = [roles.MODERATORS, roles.EDITORS]
INDEX_PAGE_PERMISSIONS = {
    roles.BLOGGERS: ["add_page"],
    roles.MODERATORS: ["change_page", "publish_page", "lock_page", "unlock_page"],
    roles.EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def get_or_create_blog_workflow(apps=global_apps):
    return get_or_create_approval_workflow(WORKFLOW_NAME, TASK_NAME, REVIEWER_GROUPS, apps)


def set_up_blog_index(page_id, apps=global_apps):
    """Grant the roles their permissions on this blog index and assign the workflow to it."""
    set_up_section_index(page_id, INDEX_PAGE_PERMISSIONS, get_or_create_blog_workflow(apps), apps)
