from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from portal.modeladmin import PortalModelAdmin

from .models import LINK_USER_ACTION, ContributorProfile, Membership


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(
        LINK_USER_ACTION, _("Linked to a person"), _("Contributor profile linked to a person")
    )


class ContributorProfileViewSet(SnippetViewSet):
    model = ContributorProfile
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


@hooks.register("seed_demo", order=10)
def seed_demo_people(command):
    from .demo import seed_people

    seed_people(command)
