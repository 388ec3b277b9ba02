from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import EditView

from portal.demo import SEED_DEMO
from portal.modeladmin import CreatedElsewherePermissionHelper, PortalModelAdmin
from portal.sections import ACCOUNT_SECTIONS, CONTRIBUTOR_PROFILE_SECTIONS

from .models import Offer, Service, WishListPage


class OfferEditView(EditView):
    def form_valid(self, form):
        if "hidden" in form.changed_data:
            offer = form.instance
            offer.hidden_by = self.request.user if offer.hidden else None
            offer.hidden_at = timezone.now() if offer.hidden else None
            if not offer.hidden:
                offer.hidden_reason = ""
        return super().form_valid(form)


class OfferAdmin(PortalModelAdmin):
    """Moderators review offers and hide spam from the wish list's owner."""

    model = Offer
    menu_label = _("Offers")
    menu_icon = "mail"
    list_display = ("what", "item", "contributor", "how", "status", "hidden", "created_at")
    list_filter = ("status", "hidden", "how")
    search_fields = ("what", "message", "contributor__display_name", "item__title")
    list_select_related = ("item", "contributor")
    inspect_view_enabled = True
    permission_helper_class = CreatedElsewherePermissionHelper
    edit_view_class = OfferEditView
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("item", read_only=True),
                FieldPanel("contributor", read_only=True),
                FieldPanel("what", read_only=True),
                FieldPanel("how", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("status", read_only=True),
            ],
            heading=_("The offer"),
        ),
        MultiFieldPanel([FieldPanel("hidden"), FieldPanel("hidden_reason")], heading=_("Spam")),
    ]


class ServiceAdmin(PortalModelAdmin):
    model = Service
    menu_label = _("Services")
    menu_icon = "tag"
    list_display = ("title", "contributor", "kind", "listed", "updated_at")
    list_filter = ("kind", "listed")
    search_fields = ("title", "description", "contributor__display_name")
    list_select_related = ("contributor",)
    permission_helper_class = CreatedElsewherePermissionHelper


class WishListsAdminGroup(ModelAdminGroup):
    menu_label = _("Wish lists")
    menu_icon = "list-ul"
    menu_order = 350
    items = (OfferAdmin, ServiceAdmin)


modeladmin_register(WishListsAdminGroup)


@hooks.register(CONTRIBUTOR_PROFILE_SECTIONS, order=50)
def profile_services_section(request, profile):
    services = list(profile.services.filter(listed=True).prefetch_related("topics").order_by("-updated_at"))
    if not services:
        return ""
    return render_to_string(
        "wishlists/sections/profile_services.html",
        {"profile": profile, "services": services},
        request=request,
    )


@hooks.register(ACCOUNT_SECTIONS, order=55)
def account_wish_lists_section(request, profile):
    from .suggestions import suggested_wishes

    lists = list(
        WishListPage.objects.filter(owner=request.user).order_by("-latest_revision_created_at", "-pk")[:10]
    )
    suggestions = suggested_wishes(profile) if profile is not None else []
    return render_to_string(
        "wishlists/sections/account.html",
        {"profile": profile, "wish_lists": lists, "suggestions": suggestions},
        request=request,
    )


@hooks.register(SEED_DEMO, order=50)
def seed_demo_wishlists(command):
    from .demo import seed_wishlists

    seed_wishlists(command)
