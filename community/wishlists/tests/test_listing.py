"""The public listing of wish lists: only published ones, filterable by topic and
status, in a bounded number of queries."""

from community.wishlists.factories import OfferFactory, WishItemFactory, WishListPageFactory
from community.wishlists.models import Offer, WishListPage


def test_the_index_lists_published_wish_lists_with_filters(
    client, wish_index, business, django_assert_max_num_queries
):
    bank = WishListPageFactory(parent=wish_index, owner=business, title="Bank lessons")
    WishItemFactory(wish_list=bank, topics=["lessons learned"])
    ngo = WishListPageFactory(
        parent=wish_index, owner=business, title="NGO community", organisation="Clean Water"
    )
    matched_item = WishItemFactory(wish_list=ngo, topics=["communities of practice"], skills=["facilitation"])
    OfferFactory(item=matched_item, status=Offer.Status.ACCEPTED)
    ngo.refresh_status()
    closed = WishListPageFactory(parent=wish_index, owner=business, title="Closed one")
    WishItemFactory(wish_list=closed, topics=["taxonomy"])
    closed.close()
    draft = WishListPageFactory(parent=wish_index, owner=business, title="Secret draft", live=False)
    WishItemFactory(wish_list=draft, topics=["secret topic"])
    for _ in range(8):
        WishItemFactory(
            wish_list=WishListPageFactory(parent=wish_index, owner=business), topics=["km strategy"]
        )

    # A fixed overhead (site, menu, settings) plus a few queries for the listing, whatever its size.
    with django_assert_max_num_queries(25):
        response = client.get("/wish-lists/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bank lessons" in html and "NGO community" in html and "Closed one" in html
    assert "Secret draft" not in html and "secret topic" not in html

    def titles(query):
        page_obj = client.get(f"/wish-lists/?{query}").context["page_obj"]
        return {wish_list.title for wish_list in page_obj}

    assert titles("status=matched") == {"NGO community"}
    assert titles("status=closed") == {"Closed one"}
    assert "Bank lessons" in titles("status=open") and "NGO community" not in titles("status=open")
    assert titles("topic=lessons-learned") == {"Bank lessons"}
    assert titles("topic=facilitation") == {"NGO community"}  # skills filter too
    assert titles("topic=facilitation&status=open") == set()

    html = client.get("/wish-lists/?status=bogus&topic=nope").content.decode()
    assert "There is no status “bogus”." in html and "There is no topic “nope”." in html


def test_the_index_paginates(client, wish_index, business):
    for _ in range(14):
        WishItemFactory(wish_list=WishListPageFactory(parent=wish_index, owner=business), topics=["taxonomy"])
    first = client.get("/wish-lists/")
    assert len(first.context["page_obj"]) == 12
    assert len(client.get("/wish-lists/?page=2").context["page_obj"]) == 2
    assert client.get("/wish-lists/?page=abc").status_code == 200


def test_wishes_redirects_to_the_index(client, wish_index):
    assert client.get("/wishes/")["Location"] == "/wish-lists/"


def test_the_wish_list_page_for_visitors_owners_and_moderators(
    client, live_wish_list, moderator, contributor
):
    page, (item, _) = live_wish_list
    OfferFactory(item=item, contributor=contributor)
    OfferFactory(item=item, hidden=True)
    html = client.get(page.url).content.decode()
    assert "Log in to offer to help" in html and "Review offers" not in html
    client.force_login(page.owner)
    html = client.get(page.url).content.decode()
    assert "1 offer waiting for a decision" in html and "Offer to help" not in html
    client.force_login(moderator)
    assert "2 offers waiting for a decision" in client.get(page.url).content.decode()


def test_a_moderator_previews_a_submitted_draft(client, wish_index, business, moderator):
    page = WishListPageFactory(parent=wish_index, owner=business, live=False, title="Draft for review")
    WishItemFactory(wish_list=page, title="Preview me", topics=["taxonomy"])
    page.save_revision()
    client.force_login(moderator)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert "Preview me" in response.content.decode()


def test_statuses_are_offered_as_filters(client, wish_index):
    html = client.get("/wish-lists/").content.decode()
    for _value, label in WishListPage.Status.choices:
        assert f">{label}</a>" in html


def test_a_wish_list_page_needs_the_same_queries_for_few_or_many_items(
    client, wish_index, business, contributor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.people.factories import ContributorProfileFactory

    def queries_for(size):
        page = WishListPageFactory(parent=wish_index, owner=business)
        for n in range(size):
            item = WishItemFactory(
                wish_list=page, sort_order=n, topics=["km strategy", f"topic {n}"], skills=["facilitation"]
            )
            professional = ContributorProfileFactory()
            professional.expertise.set([f"topic {n}"])
            professional.save()
            OfferFactory(item=item, contributor=contributor)
        client.get(page.url)  # settings and other first-request work
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    client.force_login(contributor.user)
    assert queries_for(2) == queries_for(12)
