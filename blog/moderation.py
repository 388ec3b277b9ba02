"""Who may do what with posts, in Wagtail's own terms: page permissions on the blog
index and a one-step approval workflow assigned to it.

Bloggers get "add" (so they edit only the posts they own, and never publish);
Moderators and Editors review submitted posts. A new blog index is set up by
`portal.moderation` (connected in BlogConfig.ready()); migration 0002 set up the
ones that existed before, with its own frozen copy of these rules."""

from community.people import roles
from portal.moderation import ApprovalWorkflow, SectionIndexSetUp, set_up_section_index

WORKFLOW_NAME = "Blog moderation"
TASK_NAME = "Moderators approve the post"
BLOG_INDEX = SectionIndexSetUp(
    permissions_by_group={
        roles.BLOGGERS: ["add_page"],
        roles.MODERATORS: ["change_page", "publish_page", "lock_page", "unlock_page"],
        roles.EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    workflow=ApprovalWorkflow(WORKFLOW_NAME, TASK_NAME, (roles.MODERATORS, roles.EDITORS)),
)


def set_up_blog_index(page_id):
    """Grant the roles their permissions on this blog index and assign the workflow to it."""
    set_up_section_index(page_id, BLOG_INDEX)
