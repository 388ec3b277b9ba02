"""Popular searches for the people who pin results (Editors), not only superusers."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import NumberColumn, TitleColumn
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
from wagtail.permission_policies import ModelPermissionPolicy

PROMOTION_ACTIONS = ["add", "change", "delete"]
search_promotion_policy = ModelPermissionPolicy(SearchPromotion)


def can_curate_search(user):
    return search_promotion_policy.user_has_any_permission(user, PROMOTION_ACTIONS)


class PopularSearchesView(SearchTermsReportView):
    page_title = _("Popular searches")
    index_url_name = "search_admin:popular"
    index_results_url_name = "search_admin:popular_results"
    permission_policy = search_promotion_policy
    any_permission_required = PROMOTION_ACTIONS
    columns = [
        TitleColumn(
            "query_string",
            label=_("Search term(s)"),
            sort_key="query_string",
            url_name="wagtailsearchpromotions:edit",
        ),
        NumberColumn("_hits", label=_("Searches"), sort_key="_hits"),
    ]
    export_headings = {"query_string": _("Search term(s)"), "_hits": _("Searches")}

    def dispatch(self, request, *args, **kwargs):
        # Skip the superuser-only check of Wagtail's own report; the permission
        # policy above (PermissionCheckedMixin) decides instead.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)
