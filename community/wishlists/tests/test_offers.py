"""Offers: private to the wish list's owner, Moderators and the contributor who made
them; the owner accepts one per item, atomically."""

import pytest
from django.db import IntegrityError, transaction

from community.people.factories import ContributorProfileFactory
from community.wishlists import actions
from community.wishlists.factories import OfferFactory, WishItemFactory, WishListPageFactory
from community.wishlists.models import Engagement, Offer, WishListPage


def offer_url(offer, action=""):
    return f"/wishes/offers/{offer.pk}/" + (f"{action}/" if action else "")


def offer_data(**fields):
    return {"what": "A six-week pilot", "how": "volunteer", "message": "I did this at an insurer.", **fields}


def test_a_contributor_offers_and_the_owner_is_emailed(
    client, live_wish_list, contributor, outbox, django_capture_on_commit_callbacks
):
    page, (item, _) = live_wish_list
    client.force_login(contributor.user)
    assert "Offer to help" in client.get(page.url).content.decode()
    assert client.get(f"/wishes/items/{item.pk}/offer/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == offer_url(offer)
    assert (offer.item, offer.contributor, offer.status) == (item, contributor, Offer.Status.PENDING)
    [email] = outbox
    assert email.to == ["lena@bank.example"]
    assert email.subject == 'New offer on "Design a lessons-learned process"'
    assert f"http://testserver/wishes/offers/{offer.pk}/" in email.body
    # The page now says so instead of offering again.
    assert "You have offered to help with this" in client.get(page.url).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other_contributor", "other_owner"])
def test_anyone_else_guessing_an_offer_id_gets_404(
    client, live_wish_list, contributor, make_user, who, wish_index
):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor)
    if who == "stranger":
        client.force_login(make_user())
    elif who == "other_contributor":
        client.force_login(ContributorProfileFactory().user)
    elif who == "other_owner":
        other = WishListPageFactory(parent=wish_index, owner=make_user())
        OfferFactory(item=WishItemFactory(wish_list=other), contributor=contributor)
        client.force_login(other.owner)
    assert client.get(offer_url(offer)).status_code == 404
    for action in ("accept", "withdraw", "hide"):
        assert client.post(offer_url(offer, action)).status_code == 404
    offer.refresh_from_db()
    assert (offer.status, offer.hidden) == (Offer.Status.PENDING, False)
    assert client.get(offer_url(Offer(pk=offer.pk + 1000))).status_code == 404


def test_the_owner_the_contributor_and_moderators_see_the_offer(
    client, live_wish_list, contributor, moderator
):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor, message="Line one\n<b>Line two</b>")
    for user, can_accept in ((page.owner, True), (contributor.user, False), (moderator, False)):
        client.force_login(user)
        response = client.get(offer_url(offer))
        html = response.content.decode()
        assert response.status_code == 200
        assert "A six-week pilot" in html
        assert "&lt;b&gt;Line two&lt;/b&gt;" in html
        assert ("Accept Li Wei" in html) is can_accept
    client.force_login(page.owner)
    assert "A six-week pilot" in client.get(f"/wishes/mine/{page.pk}/").content.decode()


def test_a_contributor_cannot_accept_their_own_offer(client, live_wish_list, contributor):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor)
    client.force_login(contributor.user)
    response = client.post(offer_url(offer, "accept"), follow=True)
    assert "Only the wish list&#x27;s owner can accept an offer." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_an_owner_cannot_accept_an_offer_made_under_their_own_account(wish_index, make_user):
    owner = make_user()
    own_profile = ContributorProfileFactory(user=owner)
    page = WishListPageFactory(parent=wish_index, owner=owner)
    offer = OfferFactory(item=WishItemFactory(wish_list=page), contributor=own_profile)
    with pytest.raises(actions.ActionRefused, match="You cannot accept your own offer."):
        actions.accept_offer(offer=offer, user=owner)


def test_nobody_offers_on_their_own_wish_list(client, wish_index, make_user):
    owner = make_user()
    ContributorProfileFactory(user=owner)
    page = WishListPageFactory(parent=wish_index, owner=owner)
    item = WishItemFactory(wish_list=page)
    client.force_login(owner)
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    assert response.status_code == 409
    assert "your own wish list" in response.content.decode()
    assert not Offer.objects.exists()


def test_the_owner_accepts_one_offer_and_the_item_is_matched(
    client, live_wish_list, contributor, other_contributor, outbox, django_capture_on_commit_callbacks
):
    page, (item, second_item) = live_wish_list
    chosen = OfferFactory(item=item, contributor=contributor)
    other = OfferFactory(item=item, contributor=other_contributor)
    assert "Matched" not in client.get(page.url).content.decode()  # now in the anonymous page cache
    client.force_login(page.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(chosen, "accept"), follow=True)
    assert "You accepted Li Wei&#x27;s offer." in response.content.decode()
    chosen.refresh_from_db()
    other.refresh_from_db()
    page.refresh_from_db()
    assert chosen.status == Offer.Status.ACCEPTED and chosen.decided_at
    assert other.status == Offer.Status.DECLINED
    assert page.status == WishListPage.Status.OPEN  # the second item is still open
    mail_by_recipient = {m.to[0]: m for m in outbox}
    assert (
        mail_by_recipient["li@kmp.example"].subject
        == 'Your offer on "Design a lessons-learned process" was accepted'
    )
    assert "lena@bank.example" in mail_by_recipient["li@kmp.example"].body
    assert mail_by_recipient["lena@bank.example"].subject.startswith("You accepted Li Wei's offer")
    assert "li@kmp.example" in mail_by_recipient["lena@bank.example"].body
    assert (
        mail_by_recipient["tom@kmp.example"].subject
        == 'Another offer was chosen for "Design a lessons-learned process"'
    )

    # The public page shows the item as matched and no longer takes offers for it.
    client.logout()
    html = client.get(page.url).content.decode()
    assert html.count('wish-status--matched">Matched') == 1
    client.force_login(ContributorProfileFactory().user)
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    assert response.status_code == 409
    assert "already been matched" in response.content.decode()

    # Matching the last item matches the list.
    last = OfferFactory(item=second_item, contributor=other_contributor)
    actions.accept_offer(offer=last, user=page.owner)
    page.refresh_from_db()
    assert page.status == WishListPage.Status.MATCHED


def test_a_second_accept_on_the_same_item_is_refused(live_wish_list, contributor, other_contributor):
    page, (item, _) = live_wish_list
    first = OfferFactory(item=item, contributor=contributor)
    second = OfferFactory(item=item, contributor=other_contributor)
    actions.accept_offer(offer=first, user=page.owner)
    with pytest.raises(actions.ActionRefused, match="can no longer be accepted"):
        actions.accept_offer(offer=second, user=page.owner)
    Offer.objects.filter(pk=second.pk).update(status=Offer.Status.PENDING)
    with pytest.raises(actions.ActionRefused, match="already been matched"):
        actions.accept_offer(offer=second, user=page.owner)
    assert Offer.objects.filter(item=item, status=Offer.Status.ACCEPTED).count() == 1


def test_the_database_allows_one_accepted_offer_per_item(live_wish_list, contributor, other_contributor):
    _, (item, _) = live_wish_list
    OfferFactory(item=item, contributor=contributor, status=Offer.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(item=item, contributor=other_contributor, status=Offer.Status.ACCEPTED)


def test_a_moderator_hides_a_spam_offer_from_the_owner(client, live_wish_list, contributor, moderator):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor, what="Cheap SEO backlinks")
    client.force_login(moderator)
    response = client.post(offer_url(offer, "hide"), {"hidden": "1", "reason": "Advertising"}, follow=True)
    assert "The offer is hidden from the owner." in response.content.decode()
    offer.refresh_from_db()
    assert offer.hidden and offer.hidden_by == moderator and offer.hidden_reason == "Advertising"

    client.force_login(page.owner)
    assert client.get(offer_url(offer)).status_code == 404
    assert client.post(offer_url(offer, "accept")).status_code == 404
    assert "Cheap SEO backlinks" not in client.get(f"/wishes/mine/{page.pk}/").content.decode()
    client.force_login(contributor.user)
    assert client.get(offer_url(offer)).status_code == 200

    client.force_login(moderator)
    client.post(offer_url(offer, "hide"), {"hidden": "0"})
    offer.refresh_from_db()
    assert not offer.hidden and offer.hidden_by is None


def test_only_moderators_hide_offers(client, live_wish_list, contributor):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor)
    client.force_login(page.owner)
    assert client.post(offer_url(offer, "hide"), {"hidden": "1"}).status_code == 404
    offer.refresh_from_db()
    assert not offer.hidden


def test_moderators_hide_offers_in_the_admin(client, live_wish_list, contributor, moderator):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor)
    client.force_login(moderator)
    assert client.get("/admin/wishlists/offer/").status_code == 200
    # Offers are made on the site only; the admin has no "add" for them.
    assert client.get("/admin/wishlists/offer/create/")["Location"] == "/admin/"
    response = client.post(
        f"/admin/wishlists/offer/edit/{offer.pk}/", {"hidden": "on", "hidden_reason": "Spam"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.hidden and offer.hidden_by == moderator and offer.hidden_at
    assert offer.what == "A six-week pilot"


def test_a_contributor_withdraws_a_pending_offer(client, live_wish_list, contributor):
    page, (item, _) = live_wish_list
    offer = OfferFactory(item=item, contributor=contributor)
    client.force_login(contributor.user)
    client.post(offer_url(offer, "withdraw"))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    # After withdrawing, they may offer again.
    assert client.post(f"/wishes/items/{item.pk}/offer/", offer_data()).status_code == 302
    assert Offer.objects.filter(item=item, contributor=contributor, status=Offer.Status.PENDING).count() == 1


def test_offering_twice_goes_to_the_first_offer(client, live_wish_list, contributor):
    _, (item, _) = live_wish_list
    first = OfferFactory(item=item, contributor=contributor)
    client.force_login(contributor.user)
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    assert response["Location"] == offer_url(first)
    assert Offer.objects.count() == 1


def test_offers_need_a_published_open_list(client, wish_index, live_wish_list, contributor, business):
    draft = WishListPageFactory(parent=wish_index, owner=business, live=False)
    draft_item = WishItemFactory(wish_list=draft)
    client.force_login(contributor.user)
    assert client.get(f"/wishes/items/{draft_item.pk}/offer/").status_code == 404
    assert client.get("/wishes/items/999999/offer/").status_code == 404
    page, (item, _) = live_wish_list
    actions.close_wish_list(wish_list=page)
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    assert response.status_code == 409
    assert "This wish list is closed." in response.content.decode()
    assert not Offer.objects.exists()


def test_people_without_a_contributor_profile_are_told_how_to_offer(client, live_wish_list, make_user):
    _, (item, _) = live_wish_list
    client.force_login(make_user())
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data())
    assert response.status_code == 403
    assert "Offers come from KMP contributors." in response.content.decode()
    assert not Offer.objects.exists()


def test_bad_offers_are_explained_and_nothing_is_saved(client, live_wish_list, contributor):
    page, (item, _) = live_wish_list
    item.engagement = Engagement.VOLUNTEER
    item.save()
    client.force_login(contributor.user)
    response = client.post(
        f"/wishes/items/{item.pk}/offer/",
        offer_data(what="", how="paid", message="m" * 3001),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "This wish asks for volunteer help." in html
    assert "Ensure this value has at most 3000 characters (it has 3001)." in html
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data(how="gold bars"))
    assert "Select a valid choice." in response.content.decode()
    assert not Offer.objects.exists()


def test_script_payloads_in_offers_are_inert(client, live_wish_list, contributor):
    page, (item, _) = live_wish_list
    client.force_login(contributor.user)
    client.post(
        f"/wishes/items/{item.pk}/offer/",
        offer_data(what="<script>alert(1)</script>Pilot", message="<img src=x onerror=alert(1)>Hello"),
    )
    offer = Offer.objects.get()
    assert (offer.what, offer.message) == ("Pilot", "Hello")
    client.force_login(page.owner)
    html = client.get(offer_url(offer)).content.decode()
    assert "<script>alert" not in html and "onerror" not in html


def test_offer_honeypot_saves_nothing(client, live_wish_list, contributor):
    _, (item, _) = live_wish_list
    client.force_login(contributor.user)
    response = client.post(f"/wishes/items/{item.pk}/offer/", offer_data(website="spam"))
    assert response.status_code == 302
    assert not Offer.objects.exists()


def test_offers_are_rate_limited(client, wish_index, business, contributor, settings):
    settings.KMP_WISHLISTS_RATE_LIMITS = {"offer": ("2/h", "100/h")}
    page = WishListPageFactory(parent=wish_index, owner=business)
    items = [WishItemFactory(wish_list=page) for _ in range(3)]
    client.force_login(contributor.user)
    for item in items[:2]:
        assert client.post(f"/wishes/items/{item.pk}/offer/", offer_data()).status_code == 302
    response = client.post(f"/wishes/items/{items[2].pk}/offer/", offer_data())
    assert response.status_code == 429
    assert Offer.objects.count() == 2


def test_my_offers_lists_only_mine(client, live_wish_list, contributor, other_contributor):
    _, (item, second) = live_wish_list
    OfferFactory(item=item, contributor=contributor, what="Mine")
    OfferFactory(item=second, contributor=other_contributor, what="Theirs")
    client.force_login(contributor.user)
    html = client.get("/wishes/offers/").content.decode()
    assert "Mine" in html and "Theirs" not in html


def test_an_offer_email_has_a_plain_subject(
    client, live_wish_list, contributor, outbox, django_capture_on_commit_callbacks
):
    page, _items = live_wish_list
    item = WishItemFactory(wish_list=page, title="Set up a branch managers' community of practice & more")
    client.force_login(contributor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/wishes/items/{item.pk}/offer/", {"what": "A pilot", "how": "volunteer", "message": "Hi"}
        )
    [email] = outbox
    assert email.subject == 'New offer on "Set up a branch managers\' community of practice & more"'
