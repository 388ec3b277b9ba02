"""What the wish-list pages show: the filtered listing on the index, and a wish list
with its items, match state and suggested professionals."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from taggit.models import Tag

from community.people.models import ContributorProfile

from .access import is_moderator
from .models import Offer, WishItem, WishListPage
from .suggestions import suggested_professionals


def topics_in_use(index):
    live_items = WishItem.objects.filter(wish_list__in=WishListPage.objects.live().public().child_of(index))
    return (
        Tag.objects.filter(
            Q(wishlists_wishitemtopic_items__content_object__in=live_items)
            | Q(wishlists_wishitemskill_items__content_object__in=live_items)
        )
        .distinct()
        .order_by("name")
    )


def wish_list_listing(index, request):
    lists = WishListPage.objects.live().public().child_of(index).order_by("-first_published_at", "-pk")
    status = request.GET.get("status", "").strip()
    topic_slug = request.GET.get("topic", "").strip()
    topic = None
    problems = []
    if status:
        if status in WishListPage.Status.values:
            lists = lists.filter(status=status)
        else:
            problems.append(_("There is no status “%(status)s”.") % {"status": status})
            lists = lists.none()
    if topic_slug:
        topic = Tag.objects.filter(slug=topic_slug).first()
        if topic:
            lists = lists.filter(
                Q(items__tagged_topics__tag=topic) | Q(items__tagged_skills__tag=topic)
            ).distinct()
        else:
            problems.append(_("There is no topic “%(topic)s”.") % {"topic": topic_slug})
            lists = lists.none()
    lists = lists.select_related("listing_image").prefetch_related(
        Prefetch("items", queryset=WishItem.objects.prefetch_related("topics"))
    )
    page_obj = Paginator(lists, index.per_page).get_page(request.GET.get("page"))
    for wish_list in page_obj.object_list:
        wish_list.topic_tags = item_topics(wish_list)
    query = {k: v for k, v in (("status", status), ("topic", topic_slug)) if v}
    return {
        "page_obj": page_obj,
        "wish_lists": page_obj.object_list,
        "status": status,
        "topic": topic,
        "topic_slug": topic_slug,
        "topics": topics_in_use(index),
        "problems": problems,
        "extra_query": urlencode(query),
        "status_links": [
            (value, label, urlencode({**query, "status": value}))
            for value, label in WishListPage.Status.choices
        ],
        "all_statuses_query": urlencode({k: v for k, v in query.items() if k != "status"}),
        "topic_query": urlencode({k: v for k, v in query.items() if k != "topic"}),
    }


def item_topics(wish_list):
    """Distinct topic tags over a listed wish list's (prefetched) items."""
    seen = {}
    for item in wish_list.items.all():
        for tag in item.topics.all():
            seen.setdefault(tag.slug, tag)
    return sorted(seen.values(), key=lambda tag: tag.name.lower())


def wish_list_detail(page, request):
    preview = getattr(request, "is_preview", False) or not page.pk
    items = list(page.items.all()) if preview else list(page.items.prefetch_related("topics", "skills"))
    matched = page.matched_item_ids() if page.pk else set()
    user = request.user
    is_owner = user.is_authenticated and page.owner_id == user.pk
    moderator = is_moderator(user)
    context = {
        "item_rows": [{"item": item, "matched": item.pk in matched} for item in items],
        "is_owner": is_owner,
        "is_moderator": moderator,
        "suggestions": suggested_professionals(page, items, matched)
        if page.status != page.Status.CLOSED
        else [],
        "offered_item_ids": set(),
        "pending_offers": 0,
    }
    if is_owner or moderator:
        offers = Offer.objects.filter(item__wish_list=page, status=Offer.Status.PENDING)
        context["pending_offers"] = (offers if moderator else offers.filter(hidden=False)).count()
    profile = ContributorProfile.of(user)
    if profile is not None and page.pk:
        context["offered_item_ids"] = set(
            Offer.objects.filter(item__wish_list=page, contributor=profile)
            .exclude(status=Offer.Status.WITHDRAWN)
            .values_list("item_id", flat=True)
        )
    return context
