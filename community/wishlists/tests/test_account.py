"""What the wish-list app adds to a person's account page."""

from community.wishlists.factories import WishItemFactory, WishListPageFactory


def test_a_business_sees_its_wish_lists_and_a_contributor_sees_suggestions(
    client, wish_index, business, contributor
):
    client.force_login(business)
    html = client.get("/account/").content.decode()
    assert "Submit a wish list" in html and "Wishes that match you" not in html

    page = WishListPageFactory(parent=wish_index, owner=business, title="Bank lessons")
    WishItemFactory(wish_list=page, title="Repository", topics=["lessons learned", "taxonomy"])
    html = client.get("/account/").content.decode()
    assert "Bank lessons" in html and f"/wishes/mine/{page.pk}/" in html

    contributor.expertise.set(["taxonomy", "lessons learned"])
    contributor.save()
    client.force_login(contributor.user)
    html = client.get("/account/").content.decode()
    assert "Wishes that match you" in html
    assert "Repository" in html and "2 shared topics: lessons learned, taxonomy" in html
    assert "/wishes/offers/" in html and "/wishes/services/mine/" in html


def test_a_contributor_without_matches_is_told_how_to_get_some(client, contributor):
    client.force_login(contributor.user)
    assert "No open wishes match your topics just now." in client.get("/account/").content.decode()
