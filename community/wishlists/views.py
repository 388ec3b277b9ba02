"""Public views: submitting a wish list, offering, reviewing and accepting offers, and
the services directory. Pages themselves (the index and each wish list) are served
by Wagtail; these live under /wishes/, a prefix no page uses."""

import logging
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from community.people.models import ContributorProfile
from portal.rate_limits import over_action_limits, rate_limit_message

from . import actions
from .access import is_moderator, manageable_wish_lists, visible_offers
from .forms import (
    MAX_WISH_ITEMS,
    HideOfferForm,
    OfferForm,
    ServiceForm,
    WishItemForm,
    WishItemFormSet,
    WishListForm,
)
from .listing import filtered_listing
from .models import Offer, Service, WishItem, WishListIndexPage, WishListPage

logger = logging.getLogger(__name__)

ITEMS_PREFIX = "items"
# Per signed-in user, then per client address. Settings may override them.
DEFAULT_RATE_LIMITS = {
    "submit": ("5/h", "20/h"),
    "offer": ("10/h", "30/h"),
    "service": ("20/h", "60/h"),
}


def rate_limited(request, action):
    """Count this attempt against the user's and the client's limits for the action."""
    return over_action_limits(request, "wishlists", action, DEFAULT_RATE_LIMITS)


def live_index():
    return WishListIndexPage.objects.live().first()


def wish_lists_home(request):
    index = live_index()
    if index is None:
        raise Http404(_("There is no wish-list page yet."))
    return redirect(index.url)


# Submitting a wish list


def _items_from_data(data):
    """The item forms' raw values, for showing the form again with one more item."""
    try:
        total = int(data.get(f"{ITEMS_PREFIX}-TOTAL_FORMS", 1))
    except (TypeError, ValueError):
        total = 1
    initial = []
    for index in range(max(1, min(total, MAX_WISH_ITEMS))):
        if data.get(f"{ITEMS_PREFIX}-{index}-DELETE"):
            continue
        initial.append(
            {name: data.get(f"{ITEMS_PREFIX}-{index}-{name}", "") for name in WishItemForm.base_fields}
        )
    return initial


def _unbound_item_formset(initial):
    formset = WishItemFormSet(prefix=ITEMS_PREFIX, initial=initial or None)
    formset.extra = max(0, len(initial) - formset.min_num)
    return formset


def _render_submit(request, index, form, formset, status=200):
    return render(
        request,
        "wishlists/submit_wish_list.html",
        {"index": index, "form": form, "formset": formset, "max_items": MAX_WISH_ITEMS},
        status=status,
    )


@login_required
def submit_wish_list(request):
    index = live_index()
    if index is None:
        raise Http404(_("Wish lists are not open for submissions yet."))
    if request.method != "POST":
        return _render_submit(request, index, WishListForm(), _unbound_item_formset([{}]))

    if "add_item" in request.POST:
        # Without scripts: show the same values again with one more blank item.
        initial = _items_from_data(request.POST)
        if len(initial) < MAX_WISH_ITEMS:
            initial.append({})
        else:
            messages.warning(
                request, _("A wish list can have at most %(num)d items.") % {"num": MAX_WISH_ITEMS}
            )
        form = WishListForm(initial={name: request.POST.get(name, "") for name in WishListForm.base_fields})
        return _render_submit(request, index, form, _unbound_item_formset(initial))

    form = WishListForm(request.POST)
    formset = WishItemFormSet(request.POST, prefix=ITEMS_PREFIX)
    if rate_limited(request, "submit"):
        form.add_error(None, rate_limit_message())
        return _render_submit(request, index, form, formset, status=429)
    if form.is_bot():
        logger.info("Wish list honeypot filled in; nothing saved")
        return redirect("wishlists:received")
    if not (form.is_valid() and formset.is_valid()):
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
        return _render_submit(request, index, form, formset, status=400)

    items = [
        {
            **item_form.item_fields(),
            "topics": item_form.cleaned_data["topics"],
            "skills": item_form.cleaned_data["skills"],
        }
        for item_form in formset.items()
    ]
    try:
        page = actions.submit_wish_list(
            index=index, owner=request.user, items=items, **_wish_list_fields(form)
        )
    except actions.ActionRefused as refusal:
        form.add_error(None, refusal.message)
        return _render_submit(request, index, form, formset, status=503)
    messages.success(
        request,
        _(
            "Thank you. Your wish list has been sent to our moderators; we will email you when it is published."
        ),
    )
    return redirect("wishlists:manage", page.pk)


def _wish_list_fields(form):
    return {
        name: form.cleaned_data[name] for name in ("title", "organisation", "problem", "desired_outcomes")
    }


def submission_received(request):
    return render(request, "wishlists/submission_received.html")


# The owner's (and Moderators') view of a wish list


@login_required
def my_wish_lists(request):
    lists = list(
        WishListPage.objects.filter(owner=request.user).order_by("-latest_revision_created_at", "-pk")
    )
    pending = defaultdict(int)
    for page_id in Offer.objects.filter(
        item__wish_list__in=lists, status=Offer.Status.PENDING, hidden=False
    ).values_list("item__wish_list_id", flat=True):
        pending[page_id] += 1
    states = _moderation_states(lists)
    rows = [
        {"page": page, "pending_offers": pending[page.pk], "moderation": states.get(page.pk)}
        for page in lists
    ]
    return render(request, "wishlists/my_wish_lists.html", {"rows": rows})


def _moderation_states(pages):
    """{page id: the latest WorkflowState} for these pages, in one query."""
    from wagtail.models import WorkflowState

    states = {}
    if not pages:
        return states
    for state in (
        WorkflowState.objects.filter(
            base_content_type=pages[0].get_base_content_type(), object_id__in=[str(p.pk) for p in pages]
        )
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    ):
        states[int(state.object_id)] = state
    return states


def moderation_summary(page, state):
    """(label, reason) describing where a wish list is in moderation."""
    if page.live:
        return page.get_status_display(), ""
    if state is None:
        return _("Draft"), ""
    if state.status == state.STATUS_IN_PROGRESS:
        return _("Waiting for moderation"), ""
    if state.status == state.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        return _("Not published"), (task_state.specific.get_comment() if task_state else "")
    if state.status == state.STATUS_CANCELLED:
        return _("Withdrawn from moderation"), ""
    return _("Unpublished"), ""


@login_required
def manage_wish_list(request, page_id):
    page = get_object_or_404(manageable_wish_lists(request.user), pk=page_id)
    # A draft is shown as submitted (its latest revision); a live list as published.
    shown = page if page.live else page.get_latest_revision_as_object()
    items = (
        list(shown.items.all().prefetch_related("topics", "skills")) if page.live else list(shown.items.all())
    )
    matched = page.matched_item_ids()
    offers_by_item = defaultdict(list)
    for offer in (
        visible_offers(request.user)
        .filter(item__wish_list=page)
        .exclude(status=Offer.Status.WITHDRAWN)
        .order_by("created_at")
    ):
        offers_by_item[offer.item_id].append(offer)
    states = _moderation_states([page])
    label, reason = moderation_summary(page, states.get(page.pk))
    return render(
        request,
        "wishlists/manage_wish_list.html",
        {
            "wish_list": page,
            "shown": shown,
            "item_rows": [
                {"item": item, "offers": offers_by_item.get(item.pk, []), "matched": item.pk in matched}
                for item in items
            ],
            "moderation_label": label,
            "moderation_reason": reason,
            "is_owner": page.owner_id == request.user.pk,
            "is_moderator": is_moderator(request.user),
        },
    )


@login_required
@require_POST
def close_wish_list(request, page_id):
    page = get_object_or_404(manageable_wish_lists(request.user), pk=page_id)
    actions.close_wish_list(wish_list=page)
    messages.success(request, _("The wish list is closed; it no longer takes offers."))
    return redirect("wishlists:manage", page.pk)


# Offers


@login_required
def make_offer(request, item_id):
    item = get_object_or_404(WishItem.objects.select_related("wish_list"), pk=item_id, wish_list__live=True)
    wish_list = item.wish_list
    profile = ContributorProfile.of(request.user)
    context = {"item": item, "wish_list": wish_list, "profile": profile}
    if profile is None:
        return render(
            request, "wishlists/offer_form.html", {**context, "refusal": _not_a_contributor()}, status=403
        )
    existing = (
        Offer.objects.filter(item=item, contributor=profile).exclude(status=Offer.Status.WITHDRAWN).first()
    )
    if existing:
        messages.info(request, _("You have already offered to help with this item."))
        return redirect(existing)
    refusal = _offer_refusal(item, request.user)
    if refusal:
        return render(request, "wishlists/offer_form.html", {**context, "refusal": refusal}, status=409)

    form = OfferForm(request.POST or None, item=item)
    if request.method == "POST":
        if rate_limited(request, "offer"):
            form.add_error(None, rate_limit_message())
            return render(request, "wishlists/offer_form.html", {**context, "form": form}, status=429)
        if form.is_bot():
            logger.info("Offer honeypot filled in; nothing saved")
            messages.success(request, _("Thank you for your offer."))
            return redirect(wish_list.url)
        if form.is_valid():
            try:
                offer = actions.make_offer(
                    item=item,
                    contributor=profile,
                    **{name: form.cleaned_data[name] for name in ("what", "how", "message")},
                )
            except actions.ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your offer has been sent to the wish list's owner."))
                return redirect(offer)
        return render(request, "wishlists/offer_form.html", {**context, "form": form}, status=400)
    return render(request, "wishlists/offer_form.html", {**context, "form": form})


def _not_a_contributor():
    return _(
        "Offers come from KMP contributors. Ask an editor to set up your contributor profile, then come back."
    )


def _offer_refusal(item, user):
    if item.wish_list.owner_id == user.pk:
        return _("You cannot offer to help with your own wish list.")
    try:
        actions.check_item_open(item)
    except actions.ActionRefused as refusal:
        return refusal.message
    return ""


def offer_detail(request, offer_id):
    # No login redirect: to anyone who may not see it, an offer does not exist.
    offer = get_object_or_404(visible_offers(request.user), pk=offer_id)
    wish_list = offer.item.wish_list
    user = request.user
    is_owner = wish_list.owner_id == user.pk
    is_contributor = offer.contributor.user_id == user.pk
    item_matched = Offer.objects.filter(item=offer.item, status=Offer.Status.ACCEPTED).exists()
    return render(
        request,
        "wishlists/offer_detail.html",
        {
            "offer": offer,
            "item": offer.item,
            "wish_list": wish_list,
            "is_owner": is_owner,
            "is_contributor": is_contributor,
            "is_moderator": is_moderator(user),
            "can_accept": is_owner
            and not is_contributor
            and offer.is_pending
            and not offer.hidden
            and not item_matched
            and wish_list.live
            and wish_list.status != WishListPage.Status.CLOSED,
            "can_withdraw": is_contributor and offer.is_pending,
            "hide_form": HideOfferForm() if is_moderator(user) else None,
        },
    )


@require_POST
def accept_offer(request, offer_id):
    offer = get_object_or_404(visible_offers(request.user), pk=offer_id)
    try:
        actions.accept_offer(offer=offer, user=request.user)
    except actions.ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(offer)
    messages.success(
        request,
        _("You accepted %(name)s's offer. We have emailed you both so that you can get in touch.")
        % {"name": offer.contributor.display_name},
    )
    return redirect(offer)


@require_POST
def withdraw_offer(request, offer_id):
    offer = get_object_or_404(visible_offers(request.user), pk=offer_id)
    try:
        actions.withdraw_offer(offer=offer, user=request.user)
    except actions.ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your offer has been withdrawn."))
    return redirect(offer)


@require_POST
def hide_offer(request, offer_id):
    if not is_moderator(request.user):
        raise Http404
    offer = get_object_or_404(Offer, pk=offer_id)
    hide = request.POST.get("hidden", "1") == "1"
    form = HideOfferForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.set_offer_hidden(offer=offer, moderator=request.user, hidden=hide, reason=reason)
    except actions.ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The offer is hidden from the owner.") if hide else _("The offer is shown again.")
        )
    return redirect(offer)


@login_required
def my_offers(request):
    profile = ContributorProfile.of(request.user)
    offers = (
        Offer.objects.filter(contributor=profile).select_related("item__wish_list")
        if profile
        else Offer.objects.none()
    )
    page_obj = Paginator(offers, 20).get_page(request.GET.get("page"))
    return render(request, "wishlists/my_offers.html", {"page_obj": page_obj, "profile": profile})


# Services


def service_directory(request):
    services = (
        Service.objects.filter(listed=True)
        .select_related("contributor__photo")
        .prefetch_related("topics")
        .order_by("-updated_at", "-pk")
    )
    services, filters = filtered_listing(
        request,
        services,
        choice="kind",
        choices=Service.Kind.choices,
        no_such_choice=_("There is no kind of service “%(kind)s”."),
        by_topic=lambda services, topic: services.filter(tagged_topics__tag=topic),
    )
    page_obj = Paginator(services, 24).get_page(request.GET.get("page"))
    topics = (
        Tag.objects.filter(wishlists_servicetopic_items__content_object__listed=True)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "wishlists/service_directory.html",
        {"page_obj": page_obj, "topics": topics, **filters},
    )


def _own_profile_or_404(request):
    profile = ContributorProfile.of(request.user)
    if profile is None:
        raise Http404(_("Only contributors list services."))
    return profile


@login_required
def my_services(request):
    profile = _own_profile_or_404(request)
    services = profile.services.prefetch_related("topics").order_by("-updated_at")
    return render(request, "wishlists/my_services.html", {"services": services, "profile": profile})


@login_required
def edit_service(request, service_id=None):
    profile = _own_profile_or_404(request)
    # Only the contributor's own services: another's id is a 404.
    service = get_object_or_404(Service, pk=service_id, contributor=profile) if service_id else None
    form = ServiceForm(request.POST or None, instance=service)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "service"):
            form.add_error(None, rate_limit_message())
            status = 429
        elif form.is_bot():
            return redirect("wishlists:my_services")
        elif form.is_valid():
            service = form.save(commit=False)
            service.contributor = profile
            service.save()
            messages.success(request, _("Your service “%(title)s” is saved.") % {"title": service.title})
            return redirect("wishlists:my_services")
        else:
            status = 400
    return render(
        request,
        "wishlists/service_form.html",
        {"form": form, "service": service, "profile": profile},
        status=status,
    )


@login_required
def delete_service(request, service_id):
    profile = _own_profile_or_404(request)
    service = get_object_or_404(Service, pk=service_id, contributor=profile)
    if request.method == "POST":
        title = service.title
        service.delete()
        messages.success(request, _("Your service “%(title)s” is deleted.") % {"title": title})
        return redirect("wishlists:my_services")
    return render(request, "wishlists/service_confirm_delete.html", {"service": service})
