"""A section's index page set up in Wagtail's own terms: each role's page permissions
on the index (and so below it) and, where the section moderates, a one-step approval
workflow assigned to it. Every section (blog, courses, events, wish lists) says what
its index gets in a `SectionIndexSetUp` and has it applied by the one function here,
when an index is created and when the demo builds one. A data migration freezes its
own copy of the same data rather than importing this module."""

from dataclasses import dataclass, field

from django.db.models.signals import post_save


@dataclass(frozen=True)
class ApprovalWorkflow:
    """A workflow with one group-approval task, which these groups approve."""

    name: str
    task_name: str
    reviewer_groups: tuple = ()


@dataclass(frozen=True)
class SectionIndexSetUp:
    """What a section's index gets: page permissions by group name, and the workflow
    its pages go through (None where the section's pages are published without one)."""

    permissions_by_group: dict = field(default_factory=dict)
    workflow: ApprovalWorkflow | None = None


def get_or_create_approval_workflow(spec):
    """The workflow for this spec, created once, with its reviewer groups on its task."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=spec.name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=spec.task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=spec.task_name, active=True)
    task.groups.add(*Group.objects.filter(name__in=spec.reviewer_groups))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def grant_index_page_permissions(page_id, permissions_by_group):
    """Grant each group these page permissions on the index page (and so below it); idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    for group_name, codenames in permissions_by_group.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=permission)


def set_up_section_index(page_id, set_up):
    """A section index gets its permissions and, if the section has one, its workflow; idempotent."""
    from wagtail.models import WorkflowPage

    grant_index_page_permissions(page_id, set_up.permissions_by_group)
    if set_up.workflow is not None:
        workflow = get_or_create_approval_workflow(set_up.workflow)
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})


def set_up_new_section_indexes(set_up, *index_models):
    """Connect the receiver that sets up each newly created index of these models at once
    (a fixture being loaded, `raw`, is left as it is). Call it from the app's ready()."""

    def set_up_new_index(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            set_up_section_index(instance.pk, set_up)

    for model in index_models:
        post_save.connect(
            set_up_new_index,
            sender=model,
            weak=False,
            dispatch_uid=f"portal-set-up-section-index-{model._meta.label_lower}",
        )
