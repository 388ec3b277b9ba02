"""The queries behind suggested professionals (on a wish list) and suggested wishes
(on a contributor's account page): a handful of queries each, whatever the size."""

from dataclasses import dataclass

from django.db.models import Q

from community.people.models import ContributorExpertiseTag, ContributorProfile

from .contributions import activity_counts, contributed_topics
from .matching import Activity, Professional, Topic, Wish, rank_professionals, rank_wishes
from .models import Offer, WishItem, WishListPage

SUGGESTION_LIMIT = 5
# Wish items considered for one contributor: the newest that share a topic.
WISH_CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class SuggestedProfessional:
    profile: ContributorProfile
    score: int
    reason: str


@dataclass(frozen=True)
class SuggestedWish:
    item: WishItem
    score: int
    reason: str


def wanted_topics(items):
    topics = {Topic(tag.slug, tag.name) for item in items for tag in item.topics.all()}
    skills = {Topic(tag.slug, tag.name) for item in items for tag in item.skills.all()}
    return topics, skills


def suggested_professionals(wish_list, items, matched_item_ids=(), limit=SUGGESTION_LIMIT):
    """Professionals for the list's open items, best first, each with the reason."""
    open_items = [item for item in items if item.pk not in matched_item_ids]
    topics, skills = wanted_topics(open_items)
    slugs = {t.slug for t in topics | skills}
    if not slugs:
        return []
    slugs_by_profile = {}
    for profile_id, slug in ContributorExpertiseTag.objects.filter(tag__slug__in=slugs).values_list(
        "content_object_id", "tag__slug"
    ):
        slugs_by_profile.setdefault(profile_id, set()).add(slug)
    for profile_id, pairs in contributed_topics(slugs=slugs).items():
        slugs_by_profile.setdefault(profile_id, set()).update(slug for slug, _ in pairs)
    if not slugs_by_profile:
        return []

    names = dict(ContributorProfile.objects.filter(pk__in=slugs_by_profile).values_list("pk", "display_name"))
    owner_profile_ids = set(
        ContributorProfile.objects.filter(user_id=wish_list.owner_id).values_list("pk", flat=True)
        if wish_list.owner_id
        else ()
    )
    activity = activity_counts(names)
    professionals = [
        Professional(pk, names[pk], frozenset(slugs_by_profile[pk]), Activity(**activity.get(pk, {})))
        for pk in names
    ]
    ranked = rank_professionals(topics, skills, professionals, limit=limit, exclude_ids=owner_profile_ids)
    profiles = ContributorProfile.objects.select_related("photo").in_bulk([s.target.id for s in ranked])
    return [SuggestedProfessional(profiles[s.target.id], s.score, s.reason) for s in ranked]


def contributor_topic_slugs(profile):
    slugs = set(profile.expertise.values_list("slug", flat=True))
    slugs.update(slug for slug, _ in contributed_topics(profile_ids=[profile.pk]).get(profile.pk, ()))
    return slugs


def suggested_wishes(profile, limit=SUGGESTION_LIMIT):
    """Open wish items a contributor could take on, best first, each with the reason.
    Leaves out their own lists and items they have already offered on."""
    slugs = contributor_topic_slugs(profile)
    if not slugs:
        return []
    live_lists = WishListPage.objects.live().public().filter(status=WishListPage.Status.OPEN)
    already_offered = Offer.objects.filter(contributor=profile).exclude(status=Offer.Status.WITHDRAWN)
    items = (
        WishItem.objects.filter(wish_list__in=live_lists)
        .filter(Q(tagged_topics__tag__slug__in=slugs) | Q(tagged_skills__tag__slug__in=slugs))
        .exclude(offers__status=Offer.Status.ACCEPTED)
        .exclude(pk__in=already_offered.values("item_id"))
        .distinct()
        .select_related("wish_list")
        .prefetch_related("topics", "skills")
        .order_by("-wish_list__first_published_at", "-pk")
    )
    if profile.user_id:
        items = items.exclude(wish_list__owner_id=profile.user_id)
    items = list(items[:WISH_CANDIDATE_LIMIT])
    by_id = {item.pk: item for item in items}
    wishes = [
        Wish(
            item.pk,
            item.title,
            tuple(Topic(t.slug, t.name) for t in item.topics.all()),
            tuple(Topic(t.slug, t.name) for t in item.skills.all()),
            item.wish_list.first_published_at.timestamp() if item.wish_list.first_published_at else 0.0,
        )
        for item in items
    ]
    return [SuggestedWish(by_id[s.target.id], s.score, s.reason) for s in rank_wishes(slugs, wishes, limit)]
