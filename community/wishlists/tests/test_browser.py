"""The demo's "done when" in a real browser under the enforced CSP: a business submits
a wish list, a Moderator publishes it in the admin, a contributor offers, the owner
accepts, and the wish shows as matched."""

import pytest

from community.wishlists.models import Offer, WishListPage


def sign_in(page, base_url, email):
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.browser
def test_the_wish_list_journey_in_a_browser(
    live_server, browser_page, output_dir, wish_index, business, moderator, contributor
):
    page = browser_page
    base = live_server.url
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    # The business submits a wish list with two items, adding the second without scripts.
    sign_in(page, base, business.email)
    page.goto(base + "/wishes/submit/")
    page.get_by_label("Title").fill("Help us start a lessons-learned practice")
    page.get_by_label("Organisation").fill("Northbridge Bank")
    page.get_by_label("The problem").fill("Projects repeat the same mistakes.")
    page.get_by_label("Desired outcomes").fill("Lessons are captured and reused.")
    page.fill("#id_items-0-title", "Design a lessons-learned process")
    page.fill("#id_items-0-topics", "lessons learned, after-action reviews")
    page.get_by_role("button", name="Add another item").click()
    page.fill("#id_items-1-title", "Set up a lessons repository")
    page.fill("#id_items-1-topics", "taxonomy")
    page.select_option("#id_items-1-engagement", "paid")
    page.fill("#id_items-1-budget_max", "8000")
    page.screenshot(path=str(output_dir / "wishlists-submit.png"), full_page=True)
    page.get_by_role("button", name="Send for moderation").click()
    page.wait_for_url("**/wishes/mine/*/")
    assert "Waiting for moderation" in page.content()
    wish_list = WishListPage.objects.get()
    assert wish_list.items.count() == 2 and not wish_list.live

    # A Moderator approves it in the Wagtail admin.
    sign_in(page, base, moderator.email)
    page.goto(f"{base}/admin/pages/{wish_list.pk}/edit/")
    page.screenshot(path=str(output_dir / "wishlists-admin-review.png"))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    wish_list.refresh_from_db()
    assert wish_list.live

    # A contributor offers to take on the first item.
    sign_in(page, base, contributor.user.email)
    page.goto(base + wish_list.url)
    page.get_by_role("link", name="Offer to help with Design a lessons-learned process").click()
    page.get_by_label("What you offer").fill("A lessons-learned process piloted on three projects")
    page.get_by_label("As a volunteer").check()
    page.get_by_label("Message to the owner").fill("I set one up at an insurer.")
    page.get_by_role("button", name="Send my offer").click()
    page.wait_for_url("**/wishes/offers/*/")
    offer = Offer.objects.get()

    # The owner accepts it.
    sign_in(page, base, business.email)
    page.goto(f"{base}/wishes/mine/{wish_list.pk}/")
    page.get_by_role("link", name="A lessons-learned process piloted on three projects").click()
    page.get_by_role("button", name="Accept Li Wei's offer").click()
    page.wait_for_url(f"**/wishes/offers/{offer.pk}/")
    assert "You accepted Li Wei" in page.content()

    # Anyone sees the wish as matched.
    page.context.clear_cookies()
    page.goto(base + wish_list.url)
    assert page.locator(".wish-item .wish-status--matched").count() == 1
    page.screenshot(path=str(output_dir / "wishlists-matched.png"), full_page=True)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert violations == []
