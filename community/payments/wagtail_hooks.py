from django.contrib.admin import display as admin_display
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from community.people.models import Membership
from portal.demo import SEED_DEMO
from portal.modeladmin import (
    ActionButtonHelper,
    PortalModelAdmin,
    ReadOnlyPermissionHelper,
    action_button,
    modeladmin_url,
)
from portal.money import money_html
from portal.sections import ACCOUNT_SECTIONS, MEMBERSHIP_OFFER_SECTIONS

from . import admin_views
from .models import MembershipPlan, Payment, Provider, ProviderEvent, Refund, Subscription


class MembershipPlanViewSet(SnippetViewSet):
    model = MembershipPlan
    icon = "group"
    menu_label = _("Membership plans")
    menu_order = 305
    add_to_admin_menu = True
    list_display = ["name", "price_display", "kind", "is_offered", "sort_order"]
    list_filter = ["is_offered", "interval"]


register_snippet(MembershipPlanViewSet)


class PaymentButtonHelper(ActionButtonHelper):
    def actions(self, obj):
        if obj.provider != Provider.BANK_TRANSFER or not self.request.user.has_perm(
            admin_views.CONFIRM_PAYMENT
        ):
            return []
        if obj.status == Payment.Status.PENDING:
            return [
                action_button(
                    reverse("payments_admin:confirm", args=[obj.pk]),
                    _("Confirm receipt"),
                    _("The money with this reference is in the bank"),
                )
            ]
        if obj.status == Payment.Status.CONFIRMED:
            return [
                action_button(
                    reverse("payments_admin:refund", args=[obj.pk]),
                    _("Refund"),
                    _("Record that the money was paid back"),
                    secondary=True,
                )
            ]
        return []


class PaymentAdmin(PortalModelAdmin):
    model = Payment
    menu_label = _("Payments")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = PaymentButtonHelper
    inspect_view_enabled = True

    def amount_money(self, obj):
        return money_html(obj.amount, obj.currency)

    amount_money.short_description = _("Amount")
    list_display = ("reference", "purpose", "amount_money", "payer", "provider", "status", "created_at")
    list_filter = ("status", "provider", "purpose")
    list_select_related = ("user", "plan")
    search_fields = ("reference", "provider_reference", "user__email", "donor_email", "donor_name")

    def payer(self, obj):
        return obj.payer_name

    payer.short_description = _("Paid by")


class RefundAdmin(PortalModelAdmin):
    """Every refund, for Finance to read: refunds are recorded on the payment, by the
    Refund button of a confirmed bank transfer or by Stripe's webhook."""

    model = Refund
    menu_label = _("Refunds")
    menu_icon = "rotate"
    permission_helper_class = ReadOnlyPermissionHelper
    index_template_name = "payments/admin/refund_index.html"
    list_display = ("payment_link", "person", "amount_money", "reason", "recorded", "created_at")
    list_filter = ("created_at",)
    list_select_related = ("payment__user", "recorded_by")
    search_fields = ("payment__reference", "payment__user__email", "payment__donor_name", "reason")

    @admin_display(description=_("Payment"), ordering="payment__reference")
    def payment_link(self, obj):
        url = modeladmin_url(Payment, "inspect", obj.payment_id)
        return format_html('<a href="{}">{}</a>', url, obj.payment.reference)

    @admin_display(description=_("Paid by"))
    def person(self, obj):
        return obj.payment.payer_name

    @admin_display(description=_("Amount"), ordering="amount")
    def amount_money(self, obj):
        return money_html(obj.amount, obj.payment.currency)

    @admin_display(description=_("Recorded by"))
    def recorded(self, obj):
        if obj.recorded_by_id:
            return str(obj.recorded_by)
        return _("Stripe") if obj.provider_refund_id else "—"


class SubscriptionAdmin(PortalModelAdmin):
    model = Subscription
    menu_label = _("Recurring payments")
    menu_icon = "repeat"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("user", "purpose", "provider", "plan", "status", "created_at")
    list_filter = ("status", "provider", "purpose")
    list_select_related = ("user", "plan")


class ProviderEventAdmin(PortalModelAdmin):
    model = ProviderEvent
    menu_label = _("Provider events")
    menu_icon = "code"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("event_type", "event_id", "outcome", "received_at")
    list_filter = ("event_type",)
    search_fields = ("event_id", "outcome")


class PaymentsAdminGroup(ModelAdminGroup):
    menu_label = _("Payments")
    menu_icon = "tasks"
    menu_order = 305
    items = (PaymentAdmin, RefundAdmin, SubscriptionAdmin, ProviderEventAdmin)


modeladmin_register(PaymentsAdminGroup)


@hooks.register("register_admin_urls")
def register_payments_admin_urls():
    urls = [
        path("<int:pk>/confirm/", admin_views.confirm, name="confirm"),
        path("<int:pk>/refund/", admin_views.refund, name="refund"),
    ]
    return [path("payments/finance/", include((urls, "payments_admin")))]


@hooks.register(ACCOUNT_SECTIONS, order=5)
def account_membership(request, profile):
    latest = Membership.objects.filter(user=request.user).order_by("-paid_until").first()
    context = {"latest": latest, "today": timezone.localdate()}
    return render_to_string("payments/includes/account_membership.html", context, request=request)


@hooks.register(MEMBERSHIP_OFFER_SECTIONS)
def membership_offer(request, course):
    plans = list(MembershipPlan.objects.offered())
    if not plans:
        return ""
    cheapest = min(plans, key=lambda plan: plan.price)
    context = {"cheapest": cheapest, "course": course}
    return render_to_string("payments/includes/membership_offer.html", context, request=request)


@hooks.register(SEED_DEMO, order=75)
def seed_demo_payments(command):
    from .demo import seed_payments

    seed_payments(command)
