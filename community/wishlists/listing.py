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


def filtered_listing(request, items, *, choice, choices, no_such_choice, by_topic):
    """A listing filtered from the query string by one choice (`choice`: a status, a
    kind) and a topic (`by_topic(items, tag)`); a value that names nothing empties the
    list and says so. Returns the items and the context its filter bars and pagination
    read: the chosen value, `choice_links` and `all_choices_query` (the choice's bar),
    `topic`, `topic_slug` and `topic_query` (the topic bar), `problems`, `extra_query`."""
    value = request.GET.get(choice, "").strip()
    topic_slug = request.GET.get("topic", "").strip()
    topic = None
    problems = []
    if value:
        if value in {key for key, _label in choices}:
            items = items.filter(**{choice: value})
        else:
            problems.append(no_such_choice % {choice: value})
            items = items.none()
    if topic_slug:
        topic = Tag.objects.filter(slug=topic_slug).first()
        if topic:
            items = by_topic(items, topic)
        else:
            problems.append(_("There is no topic “%(topic)s”.") % {"topic": topic_slug})
            items = items.none()
    query = {k: v for k, v in ((choice, value), ("topic", topic_slug)) if v}
    return items, {
        choice: value,
        "topic": topic,
        "topic_slug": topic_slug,
        "problems": problems,
        "extra_query": urlencode(query),
        "choice_links": [(key, label, urlencode({**query, choice: key})) for key, label in choices],
        "all_choices_query": urlencode({k: v for k, v in query.items() if k != choice}),
        "topic_query": urlencode({k: v for k, v in query.items() if k != "topic"}),
    }


def wish_list_listing(index, request):
    lists = WishListPage.objects.live().public().child_of(index).order_by("-first_published_at", "-pk")
    lists, filters = filtered_listing(
        request,
        lists,
        choice="status",
        choices=WishListPage.Status.choices,
        no_such_choice=_("There is no status “%(status)s”."),
        by_topic=lambda lists, topic: lists.filter(
            Q(items__tagged_topics__tag=topic) | Q(items__tagged_skills__tag=topic)
        ).distinct(),
    )
    lists = lists.select_related("listing_image").prefetch_related(
        Prefetch("items", queryset=WishItem.objects.prefetch_related("topics"))
    )
    page_obj = Paginator(lists, index.per_page).get_page(request.GET.get("page"))
    for wish_list in page_obj.object_list:
        wish_list.topic_tags = item_topics(wish_list)
    return {
        "page_obj": page_obj,
        "wish_lists": page_obj.object_list,
        "topics": topics_in_use(index),
        **filters,
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
