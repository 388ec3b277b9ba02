"""Course authors may write courses under any course catalogue, including one created
after the migrations ran (a fresh site builds its catalogue later)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from community.people import roles

COURSE_AUTHOR_PAGE_PERMISSIONS = ["add_page"]


def grant_course_authors(index_page):
    group = Group.objects.filter(name=roles.COURSE_AUTHORS).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=COURSE_AUTHOR_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)


def course_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_course_authors(instance)
