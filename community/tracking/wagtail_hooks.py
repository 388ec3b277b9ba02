from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .middleware import mark_served_page

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


@hooks.register("seed_demo", order=60)
def seed_demo_tracking(command):
    from .demo import seed_page_views

    seed_page_views(command)
