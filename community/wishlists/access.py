"""Who may see what. Offers are private: a query for someone else's offer finds
nothing, so a guessed id is a 404, the same as an id that does not exist."""

from django.db.models import Q

from community.people.roles import MODERATORS, has_role

from .models import Offer, WishListPage


def is_moderator(user):
    return has_role(user, MODERATORS)


def visible_offers(user):
    """Offers this user may see: on their own wish lists (unless hidden as spam), their
    own offers, or every offer for a Moderator."""
    offers = Offer.objects.select_related("item__wish_list", "contributor__user")
    if not user.is_authenticated:
        return offers.none()
    if is_moderator(user):
        return offers
    return offers.filter(Q(item__wish_list__owner=user, hidden=False) | Q(contributor__user=user))


def manageable_wish_lists(user):
    """Wish lists this user may manage: their own, or any for a Moderator."""
    lists = WishListPage.objects.all()
    if not user.is_authenticated:
        return lists.none()
    if is_moderator(user):
        return lists
    return lists.filter(owner=user)
