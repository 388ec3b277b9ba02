from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import modeladmin_register

from portal.demo import SEED_DEMO
from portal.modeladmin import PortalModelAdmin, ReadOnlyPermissionHelper

from . import views
from .middleware import mark_served_page
from .models import PlausibleImport, Referral

hooks.register("before_serve_page", mark_served_page)


@hooks.register("register_admin_urls")
def register_reach_url():
    return [path("reach/", views.reach, name="tracking_reach")]


class ReachMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_see_reach(request.user)


@hooks.register("register_admin_menu_item")
def register_reach_menu_item():
    return ReachMenuItem(_("Reach"), reverse("tracking_reach"), icon_name="view", order=250)


class ReferralAdmin(PortalModelAdmin):
    model = Referral
    menu_label = _("Referrals")
    menu_icon = "link"
    menu_order = 260
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("created_at", "contributor", "kind", "user", "first_touch_at", "confirmed_at")
    # A newsletter reader's address is theirs alone: it is kept only to count them once.
    inspect_view_fields_exclude = ["address"]
    list_filter = ("kind", "created_at")
    search_fields = ("contributor__display_name", "code")
    list_select_related = ("contributor", "user")


modeladmin_register(ReferralAdmin)


@hooks.register(SEED_DEMO, order=60)
def seed_demo_tracking(command):
    from .demo import seed_page_views

    seed_page_views(command)


class PlausibleFailedPanel(Component):
    """Told on the dashboard while the latest Plausible import is a failed one."""

    name = "plausible_failed"
    order = 6

    def __init__(self, failed):
        self.failed = failed

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel help-block help-warning" id="plausible-failed" role="status">'
            "<p>{} {}</p></section>",
            _("The last Plausible import failed on %(when)s UTC; stored counts did not change.")
            % {"when": f"{self.failed.ran_at:%Y-%m-%d %H:%M}"},
            self.failed.message,
        )


@hooks.register("construct_homepage_panels")
def add_plausible_failed_panel(request, panels):
    if not views.can_see_reach(request.user):
        return
    latest = PlausibleImport.objects.first()
    if latest is not None and not latest.succeeded:
        panels.insert(0, PlausibleFailedPanel(latest))
