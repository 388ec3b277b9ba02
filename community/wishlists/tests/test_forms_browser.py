"""The wish-list and offer forms in a real browser under the enforced CSP: a line of
text is as wide as the text areas, "Add another item" adds the item where the person is
(no reload to the top), and the offer form shows only the ways to help the wish accepts."""

import pytest

from community.wishlists.models import Engagement, Offer, WishListPage
from community.wishlists.tests.test_browser import sign_in


def csp_violations(page):
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    return violations


@pytest.mark.browser
def test_the_wish_list_form_adds_an_item_in_place_with_inputs_as_wide_as_text_areas(
    live_server, browser_page, output_dir, wish_index, business
):
    page = browser_page
    violations = csp_violations(page)
    sign_in(page, live_server.url, business.email)
    page.goto(live_server.url + "/wishes/submit/")

    for line, area in (("title", "problem"), ("items-0-title", "items-0-description")):
        widths = [page.locator(f"#id_{name}").bounding_box()["width"] for name in (line, area)]
        assert abs(widths[0] - widths[1]) <= 1, (line, area, widths)

    page.get_by_label("Title").fill("Help us start a lessons-learned practice")
    page.get_by_label("Organisation").fill("Northbridge Bank")
    page.get_by_label("The problem").fill("Projects repeat the same mistakes.")
    page.get_by_label("Desired outcomes").fill("Lessons are captured and reused.")
    page.fill("#id_items-0-title", "Design a lessons-learned process")
    page.fill("#id_items-0-topics", "lessons learned")
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    page.get_by_role("button", name="Add another item").click()

    added = page.locator("#id_items-1-title")
    assert added.is_visible()
    assert added.evaluate("(input) => input === document.activeElement")
    assert page.evaluate("() => window.scrollY") > 0, "the page went back to the top"
    assert page.locator("#item-2 legend").inner_text() == "Item 2"
    assert page.locator("#id_items-TOTAL_FORMS").input_value() == "2"
    assert page.locator("#id_items-0-title").input_value() == "Design a lessons-learned process"
    assert loads == [], "adding an item reloaded the page"
    page.screenshot(path=str(output_dir / "wishlists-form-item-added.png"), full_page=True)

    added.fill("Set up a lessons repository")
    page.fill("#id_items-1-topics", "taxonomy")
    page.get_by_role("button", name="Send for moderation").click()
    page.wait_for_url("**/wishes/mine/*/")
    wish_list = WishListPage.objects.get()
    assert [item.title for item in wish_list.items.order_by("sort_order")] == [
        "Design a lessons-learned process",
        "Set up a lessons repository",
    ]
    assert violations == []


@pytest.mark.browser
def test_the_offer_form_shows_only_the_ways_to_help_the_wish_accepts(
    live_server, browser_page, live_wish_list, contributor
):
    page = browser_page
    violations = csp_violations(page)
    _wish_list, (paid, either) = live_wish_list
    paid.engagement = Engagement.PAID
    paid.save()
    either.engagement = Engagement.EITHER
    either.save()
    sign_in(page, live_server.url, contributor.user.email)

    page.goto(f"{live_server.url}/wishes/items/{paid.pk}/offer/")
    radios = page.locator("input[name=how]")
    assert radios.count() == 1
    assert page.get_by_label("Paid", exact=True).is_checked()
    assert page.get_by_label("As a volunteer").count() == 0
    assert "---------" not in page.locator("form.stacked-form").inner_text()
    page.get_by_label("What you offer").fill("A lessons-learned process piloted on three projects")
    page.get_by_label("Message to the owner").fill("I set one up at an insurer.")
    page.get_by_role("button", name="Send my offer").click()
    page.wait_for_url("**/wishes/offers/*/")
    assert Offer.objects.get(item=paid).how == Offer.How.PAID

    page.goto(f"{live_server.url}/wishes/items/{either.pk}/offer/")
    labels = page.locator("input[name=how]").evaluate_all(
        "(inputs) => inputs.map((i) => i.labels[0].innerText)"
    )
    assert [label.strip() for label in labels] == ["As a volunteer", "Paid"]
    assert "---------" not in page.locator("form.stacked-form").inner_text()
    assert violations == []
