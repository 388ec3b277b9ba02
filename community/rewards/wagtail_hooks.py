from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView

from community.people.models import ContributorProfile
from portal.demo import SEED_DEMO
from portal.ids import id_from_text
from portal.modeladmin import ActionButtonHelper, PortalModelAdmin, ReadOnlyPermissionHelper, action_button
from portal.money import money_html
from portal.sections import (
    ACCOUNT_SECTIONS,
    HOME_GREETING_SECTIONS,
    HOME_PAGE_SECTIONS,
    STANDARD_PAGE_SECTIONS,
)

from . import admin_urls
from .admin_views import RECORD_MONEY, RUN_PERIODS, SEE_ALL_STATEMENTS
from .ledger import period_outcomes
from .models import LedgerEntry, RewardPeriod, RewardPolicy, RewardsSettings, Statement
from .review import EXCLUDE_ACTION


def money_column(field, label):
    def column(self, obj):
        return money_html(getattr(obj, field))

    column.short_description = label
    column.__name__ = f"{field}_money"
    return column


class PeriodFilter(SimpleListFilter):
    """Filter by month. (A plain foreign-key filter would need Django's own admin.)"""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [(str(period.pk), str(period)) for period in RewardPeriod.objects.order_by("-start")[:36]]

    def queryset(self, request, queryset):
        period_id = id_from_text(self.value())
        if self.value() and period_id is None:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(period_id=period_id) if period_id else queryset


class PreferenceFilter(SimpleListFilter):
    """Filter statements by payout preference, named as contributors choose it (“Give
    back to next month's pool”), not by the stored value (`give_back`)."""

    title = _("payout preference")
    parameter_name = "preference"

    def lookups(self, request, model_admin):
        from community.people.models import ContributorProfile

        return ContributorProfile.PayoutPreference.choices

    def queryset(self, request, queryset):
        return queryset.filter(preference=self.value()) if self.value() else queryset


class LedgerButtonHelper(ActionButtonHelper):
    def actions(self, obj):
        reversible = obj.kind != LedgerEntry.Kind.REVERSAL and not obj.origin_period_id
        if not (reversible and self.request.user.has_perm(RECORD_MONEY)):
            return []
        return [
            action_button(
                reverse("rewards_admin:reverse_entry", args=[obj.pk]),
                _("Reverse"),
                _("Record a reversal of this entry"),
                secondary=True,
            )
        ]


class LedgerEntryAdmin(PortalModelAdmin):
    model = LedgerEntry
    menu_label = _("Ledger")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = LedgerButtonHelper
    inspect_view_enabled = True
    index_template_name = "rewards/admin/ledger_index.html"
    amount_money = money_column("amount", _("Amount"))
    list_display = ("kind", "amount_money", "period", "party", "received_on", "payment_reference")
    list_filter = ("kind", "to_pool", PeriodFilter)
    list_select_related = ("period", "member", "contributor", "recorded_by")
    search_fields = ("memo", "payment_reference", "member__email", "contributor__display_name")
    inspect_view_fields = (
        "id",
        "kind",
        "amount_display",
        "currency",
        "period",
        "to_pool",
        "received_on",
        "payment_reference",
        "member",
        "membership",
        "contributor",
        "origin_period",
        "reverses",
        "memo",
        "recorded_by",
        "recorded_at",
    )


class PeriodInspectView(InspectView):
    def get_context_data(self, **kwargs):
        period = self.instance
        user = self.request.user
        statements = period.statements.select_related("contributor").order_by(
            "-allocated", "contributor__display_name"
        )
        # A closed month's money is read from the ledger, as on the public report.
        money = period_outcomes([period])[period.pk] if period.is_closed else period
        return super().get_context_data(
            period=period,
            money=money,
            can_run=user.has_perm(RUN_PERIODS),
            can_see_statements=user.has_perm(SEE_ALL_STATEMENTS),
            top_statements=statements[:25],
            flagged=period.statements.exclude(flagged_at=None)
            .select_related("contributor")
            .order_by("flagged_at"),
            statement_count=period.statements.count(),
            **kwargs,
        )


class RewardPeriodAdmin(PortalModelAdmin):
    model = RewardPeriod
    menu_label = _("Periods")
    menu_icon = "date"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = PeriodInspectView
    index_template_name = "rewards/admin/period_index.html"
    inspect_template_name = "rewards/admin/period_inspect.html"
    pool_money = money_column("pool", _("Pool"))
    paid_money = money_column("paid", _("Paid out"))
    list_display = ("__str__", "status", "pool_money", "paid_money", "rewarded", "policy", "closed_at")
    list_filter = ("status",)
    list_select_related = ("policy",)


class RewardPolicyAdmin(PortalModelAdmin):
    model = RewardPolicy
    menu_label = _("Policy")
    menu_icon = "cog"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    index_template_name = "rewards/admin/policy_index.html"
    inspect_template_name = "rewards/admin/policy_inspect.html"
    list_display = (
        "version",
        "pool_share_percent",
        "cap_percent",
        "empty_stream",
        "note",
        "created_by",
        "created_at",
    )
    list_select_related = ("created_by",)


class StatementPermissionHelper(ReadOnlyPermissionHelper):
    """Finance sees every statement; a contributor sees their own."""

    def user_can_list(self, user):
        return user.has_perm(SEE_ALL_STATEMENTS) or ContributorProfile.of(user) is not None

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm(SEE_ALL_STATEMENTS) or obj.contributor.user_id == user.pk


class StatementInspectView(InspectView):
    def dispatch(self, request, *args, **kwargs):
        # Someone else's statement does not exist, as far as a contributor can tell.
        if not self.permission_helper.user_can_inspect_obj(request.user, self.instance):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(statement=self.instance, lines=self.instance.lines.all(), **kwargs)


class StatementAdmin(PortalModelAdmin):
    model = Statement
    menu_label = _("Statements")
    menu_icon = "doc-full"
    permission_helper_class = StatementPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = StatementInspectView
    inspect_template_name = "rewards/admin/statement_inspect.html"
    allocated_money = money_column("allocated", _("Allocated"))
    paid_money = money_column("paid", _("Paid"))
    balance_money = money_column("balance_after", _("Balance carried forward"))
    list_display = (
        "period",
        "contributor",
        "allocated_money",
        "paid_money",
        "balance_money",
        "preference_shown",
    )
    list_filter = (PeriodFilter, PreferenceFilter, "capped")
    list_select_related = ("period", "contributor")
    search_fields = ("contributor__display_name",)

    @admin_display(description=_("payout preference"), ordering="preference")
    def preference_shown(self, obj):
        return obj.preference_label

    def get_queryset(self, request):
        statements = super().get_queryset(request)
        if request.user.has_perm(SEE_ALL_STATEMENTS):
            return statements
        return statements.filter(contributor__user=request.user)


class RewardsAdminGroup(ModelAdminGroup):
    menu_label = _("Rewards")
    menu_icon = "tasks"
    menu_order = 310
    items = (LedgerEntryAdmin, RewardPeriodAdmin, RewardPolicyAdmin, StatementAdmin)


modeladmin_register(RewardsAdminGroup)


@hooks.register("register_log_actions")
def register_rewards_log_actions(actions):
    actions.register_action(
        EXCLUDE_ACTION, _("Metric excluded"), _("A contributor's metric excluded after review")
    )


@hooks.register("register_admin_urls")
def register_rewards_admin_urls():
    return [path("rewards/finance/", include((admin_urls.urlpatterns, "rewards_admin")))]


@hooks.register(ACCOUNT_SECTIONS, order=50)
def account_statements(request, profile):
    from .views import own_statements_context

    if profile is None:
        return ""
    return render_to_string(
        "rewards/includes/account_statements.html", own_statements_context(profile, limit=6), request=request
    )


@hooks.register(HOME_GREETING_SECTIONS, order=50)
def greeting_latest_statement(request, profile):
    """A contributor's latest statement (a calculated or closed month)."""
    if profile is None:
        return ""
    statement = (
        Statement.objects.filter(contributor=profile)
        .exclude(period__status=RewardPeriod.Status.OPEN)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )
    if statement is None:
        return ""
    return render_to_string(
        "rewards/includes/greeting_statement.html", {"statement": statement}, request=request
    )


@hooks.register(HOME_PAGE_SECTIONS, order=90)
def home_transparency(request, home_page):
    closed = RewardPeriod.objects.filter(status=RewardPeriod.Status.CLOSED).select_related("policy")
    period = closed.order_by("-start").first()
    if period is None:
        return ""
    context = {"period": period, "outcome": period_outcomes([period])[period.pk]}
    return render_to_string("rewards/includes/home_transparency.html", context, request=request)


@hooks.register(STANDARD_PAGE_SECTIONS)
def how_rewards_work_example(request, page):
    """The page chosen as "How rewards work" explains the formula with the current policy."""
    if page.pk != RewardsSettings.for_request(request).how_rewards_work_page_id:
        return ""
    from .templatetags.rewards_tags import rewards_worked_example

    return render_to_string(
        "rewards/includes/worked_example.html", rewards_worked_example({"request": request}), request=request
    )


@hooks.register(SEED_DEMO, order=70)
def seed_demo_rewards(command):
    from .demo import seed_rewards

    seed_rewards(command)
