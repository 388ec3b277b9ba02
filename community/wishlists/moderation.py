"""Moderation of wish lists in Wagtail's own terms: a one-step "Moderators" approval
workflow assigned to the wish-list index and page permissions for Moderators there.
A new index is set up by `portal.moderation` (connected in WishlistsConfig.ready());
migration 0002 set up the ones that existed before, and granted Moderators the record
permissions they need to hide spam offers and services, with its own frozen data."""

from community.people import roles
from portal.moderation import ApprovalWorkflow, SectionIndexSetUp, set_up_section_index

WORKFLOW_NAME = "Wish list moderation"
TASK_NAME = "Moderators check the wish list"
WISH_LIST_INDEX = SectionIndexSetUp(
    permissions_by_group={roles.MODERATORS: ["change_page", "publish_page", "lock_page", "unlock_page"]},
    workflow=ApprovalWorkflow(WORKFLOW_NAME, TASK_NAME, (roles.MODERATORS,)),
)


def set_up_wish_list_index(page_id):
    """Give Moderators their permissions on this index and assign the workflow to it."""
    set_up_section_index(page_id, WISH_LIST_INDEX)


def moderation_workflow_for(index_page):
    """The workflow a new wish list enters: the index's own, else the wish-list workflow."""
    from wagtail.models import Workflow

    workflow = index_page.get_workflow()
    if workflow is None or not workflow.active:
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    return workflow
