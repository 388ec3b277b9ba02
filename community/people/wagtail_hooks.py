from django.contrib import messages
from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from portal.demo import SEED_DEMO
from portal.modeladmin import PortalModelAdmin

from .models import LINK_USER_ACTION, ContributorProfile, Membership


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(
        LINK_USER_ACTION, _("Linked to a person"), _("Contributor profile linked to a person")
    )


class ContributorProfileDeleteView(DeleteView):
    """Posts and courses name their paid contributors, and readers, teaching credits,
    statements and ledger entries record what they earned (all PROTECT): while any do,
    say so and keep the profile."""

    def still_named_by_pages(self):
        return bool(self.usage and self.usage.is_protected)

    def has_earnings(self):
        """Whether Django would refuse the delete for rows the reference index does not
        list (readers, teaching credits, statements, the ledger)."""
        collector = Collector(using=router.db_for_write(type(self.object)))
        try:
            collector.collect([self.object])
        except ProtectedError:
            return True
        return False

    def refusal(self):
        name = {"name": self.object.display_name}
        if self.still_named_by_pages():
            return (
                gettext(
                    "%(name)s still has posts or courses, which pay them. Give those pages another author "
                    "or instructor first (see where the profile is used), then delete it."
                )
                % name
            )
        if self.has_earnings():
            return (
                gettext(
                    "%(name)s has earned readers, course points or rewards that the books keep, "
                    "so the profile stays: its statements and payouts need it."
                )
                % name
            )
        return None

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.warning(request, refusal)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        refusal = self.refusal()
        if refusal:
            messages.error(self.request, refusal)
            return redirect(self.get_delete_url())
        return super().form_valid(form)


class ContributorProfileViewSet(SnippetViewSet):
    model = ContributorProfile
    delete_view_class = ContributorProfileDeleteView
    icon = "user"
    menu_label = _("Contributors")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["display_name", "headline", "user", "payout_preference"]
    list_filter = ["payout_preference"]
    search_fields = ["display_name", "headline"]
    # The database, not the search index: SQLite's full-text backend cannot search
    # named fields (every search answered 503), and a name fragment should match.
    search_backend_name = None


register_snippet(ContributorProfileViewSet)


class MembershipAdmin(PortalModelAdmin):
    model = Membership
    menu_label = _("Memberships")
    menu_icon = "group"
    menu_order = 300
    list_display = ("user", "plan", "started", "paid_until")
    list_filter = ("plan",)
    search_fields = ("user__email", "user__first_name", "user__last_name")


modeladmin_register(MembershipAdmin)


@hooks.register(SEED_DEMO, order=10)
def seed_demo_people(command):
    from .demo import seed_people

    seed_people(command)
