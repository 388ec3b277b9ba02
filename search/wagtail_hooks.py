from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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


@hooks.register("seed_demo", order=80)
def seed_demo_search(command):
    from .demo import seed_search

    seed_search(command)
