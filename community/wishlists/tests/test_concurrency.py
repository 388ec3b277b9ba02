"""Accepting offers at the same moment: exactly one wins, on PostgreSQL with real threads."""

import pytest

from community.people.factories import ContributorProfileFactory
from community.wishlists import actions
from community.wishlists.factories import OfferFactory, WishItemFactory, WishListPageFactory
from community.wishlists.models import Offer, WishListPage
from portal.tests.threads import run_at_once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_accepts_on_one_item_at_once_match_it_once(wish_index, business):
    page = WishListPageFactory(parent=wish_index, owner=business)
    item = WishItemFactory(wish_list=page, topics=["taxonomy"])
    offers = [OfferFactory(item=item, contributor=ContributorProfileFactory()) for _ in range(4)]

    def accept(offer):
        try:
            actions.accept_offer(offer=offer, user=business)
            return "accepted"
        except actions.ActionRefused as refusal:
            return refusal.message

    outcomes = run_at_once(accept, [(offer,) for offer in offers])

    assert outcomes.count("accepted") == 1
    assert len(outcomes) == len(offers)
    assert Offer.objects.filter(item=item, status=Offer.Status.ACCEPTED).count() == 1
    assert Offer.objects.filter(item=item, status=Offer.Status.DECLINED).count() == len(offers) - 1
    page.refresh_from_db()
    assert page.status == WishListPage.Status.MATCHED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_contributor_offering_twice_at_once_makes_one_offer(wish_index, business):
    page = WishListPageFactory(parent=wish_index, owner=business)
    item = WishItemFactory(wish_list=page, topics=["taxonomy"])
    contributor = ContributorProfileFactory()

    def offer():
        try:
            actions.make_offer(item=item, contributor=contributor, what="Pilot", how="paid", message="Hello")
            return "made"
        except actions.ActionRefused as refusal:
            return refusal.message

    outcomes = run_at_once(offer, [(), (), ()])
    assert outcomes.count("made") == 1
    assert Offer.objects.filter(item=item, contributor=contributor).count() == 1
