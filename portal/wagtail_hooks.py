"""The admin's small additions that belong to no feature app."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    """Amounts in admin listings stay on one line (portal.money.money_html)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_editor_js")
def portal_editor_js():
    """A StreamField's errors are named by their fields and counted on their tabs."""
    return format_html('<script src="{}"></script>', static("js/admin-field-errors.js"))
