"""Following a contributor, a topic or a community of practice: what each kind names,
how a target is found from an id a member sends, and the follows a member has."""

from django.apps import apps
from taggit.models import Tag
from wagtail.models import Page

from community.people.models import ContributorProfile

from .models import Follow

KINDS = {kind.value for kind in Follow.Kind}


def community_model():
    return apps.get_model("events", "CommunityPage")


def find_target(kind, target_id):
    """The thing a member may follow, or None: a contributor, a topic in use, a live
    public community page."""
    if kind == Follow.Kind.CONTRIBUTOR:
        return ContributorProfile.objects.filter(pk=target_id).first()
    if kind == Follow.Kind.TOPIC:
        return Tag.objects.filter(pk=target_id).first()
    if kind == Follow.Kind.COMMUNITY:
        page = Page.objects.live().public().type(community_model()).filter(pk=target_id).first()
        return page.specific if page else None
    return None


def kind_of(target):
    if isinstance(target, ContributorProfile):
        return Follow.Kind.CONTRIBUTOR
    if isinstance(target, Tag):
        return Follow.Kind.TOPIC
    if isinstance(target, Page) and isinstance(target.specific, community_model()):
        return Follow.Kind.COMMUNITY
    return None


def target_filter(kind, target):
    return {
        Follow.Kind.CONTRIBUTOR: {"contributor": target},
        Follow.Kind.TOPIC: {"topic": target},
        Follow.Kind.COMMUNITY: {"community": target},
    }[kind]


def is_following(user, target):
    kind = kind_of(target)
    if kind is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **target_filter(kind, target)).exists()


def follow(user, target):
    follow, _ = Follow.objects.get_or_create(user=user, **target_filter(kind_of(target), target))
    return follow


def unfollow(user, target):
    Follow.objects.filter(user=user, **target_filter(kind_of(target), target)).delete()


def follows_of(user):
    return list(
        Follow.objects.filter(user=user)
        .select_related("contributor", "topic", "community")
        .order_by("-created_at")
    )
