from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.demo import SEED_DEMO

from . import fallback
from .admin_views import PopularSearchesView, can_curate_search


class PopularSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_curate_search(request.user)


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    urls = [
        path("", PopularSearchesView.as_view(), name="popular"),
        path("results/", PopularSearchesView.as_view(results_only=True), name="popular_results"),
    ]
    return [path("popular-searches/", include((urls, "search_admin"), namespace="search_admin"))]


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return PopularSearchesMenuItem(
        _("Popular searches"),
        reverse("search_admin:popular"),
        name="popular-searches",
        icon_name="search",
        order=1310,
    )


@hooks.register(SEED_DEMO, order=80)
def seed_demo_search(command):
    from .demo import seed_search

    seed_search(command)


class DegradedSearchPanel(Component):
    """Told on the dashboard while searches go to the database fallback."""

    name = "search_degraded"
    order = 5

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel help-block help-warning" id="search-degraded" role="status">'
            "<p>{}</p></section>",
            _(
                "Search is degraded: the search cluster cannot be reached, so searches use the "
                "database index (simpler ranking). See the logs of portal.outages."
            ),
        )


@hooks.register("construct_homepage_panels")
def add_degraded_search_panel(request, panels):
    if fallback.degraded():
        panels.insert(0, DegradedSearchPanel())
