"""The whole journey through the site, with the email each step sends: a business
submits, a Moderator publishes, a contributor offers, the owner accepts, the wish is
matched."""

from django.urls import reverse

from community.wishlists.models import Offer, WishListPage

from .post_data import submission_data


def test_submit_moderate_publish_offer_accept_matched(
    client, wish_index, business, moderator, contributor, outbox, django_capture_on_commit_callbacks
):
    def step(user, method, url, data=None):
        client.force_login(user)
        outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), (url, response.status_code)
        return response, {m.to[0]: m.subject for m in outbox}

    # 1. The business submits a one-item wish list; it waits for moderation.
    _, mail = step(business, "post", "/wishes/submit/", submission_data(items=1))
    page = WishListPage.objects.get()
    assert not page.live and page.workflow_in_progress
    assert mail["lena@bank.example"] == 'We have your wish list "Help us start a lessons-learned practice"'
    assert "mo@kmp.example" in mail  # Wagtail asks the Moderators to review it
    client.logout()
    assert client.get("/wish-lists/").content.decode().count("Help us start a lessons-learned practice") == 0

    # 2. A Moderator approves it in the admin, which publishes it.
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    _, mail = step(moderator, "post", url)
    page.refresh_from_db()
    assert page.live and page.status == WishListPage.Status.OPEN
    assert mail == {
        "lena@bank.example": 'Your wish list "Help us start a lessons-learned practice" is published'
    }
    client.logout()
    assert "Help us start a lessons-learned practice" in client.get("/wish-lists/").content.decode()

    # 3. A contributor offers to take on the item; the owner is told.
    item = page.items.get()
    _, mail = step(
        contributor.user,
        "post",
        f"/wishes/items/{item.pk}/offer/",
        {"what": "A pilot on three projects", "how": "paid", "message": "I built one at an insurer."},
    )
    offer = Offer.objects.get()
    assert mail == {"lena@bank.example": 'New offer on "Wish item 1"'}

    # 4. The owner accepts; both sides are told.
    _, mail = step(business, "post", f"/wishes/offers/{offer.pk}/accept/")
    assert mail == {
        "li@kmp.example": 'Your offer on "Wish item 1" was accepted',
        "lena@bank.example": 'You accepted Li Wei\'s offer on "Wish item 1"',
    }

    # 5. The wish shows as matched, in the listing and on its page.
    page.refresh_from_db()
    assert page.status == WishListPage.Status.MATCHED
    client.logout()
    assert (
        "Help us start a lessons-learned practice"
        in client.get("/wish-lists/?status=matched").content.decode()
    )
    html = client.get(page.url).content.decode()
    assert 'wish-status--matched">Matched' in html
    assert "Offer to help" not in html and "Log in to offer" not in html
