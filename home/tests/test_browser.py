import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from community.people.models import User
from home.factories import StandardPageFactory


@pytest.mark.browser
def test_visitor_reads_about_and_signs_up(live_server, browser_page, output_dir, home_page):
    StandardPageFactory(parent=home_page, title="About KMP", slug="about", show_in_menus=True)
    page = browser_page

    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == home_page.hero_heading
    page.screenshot(path=str(output_dir / "home.png"), full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="About KMP").click()
    page.wait_for_url("**/about/")
    assert page.locator("h1").inner_text() == "About KMP"

    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("link", name="Sign up").first.click()
    # The honeypot stays out of sight (the CSP refuses allauth's inline style for it).
    assert page.locator("#id_website").bounding_box()["x"] < 0
    page.fill("#id_email", "newcomer@example.com")
    page.fill("#id_first_name", "Nadia")
    page.fill("#id_password1", "a-sturdy-passphrase-42")
    page.fill("#id_password2", "a-sturdy-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    page.screenshot(path=str(output_dir / "signup-verify-email.png"), full_page=True)

    user = User.objects.get(email="newcomer@example.com")
    assert user.first_name == "Nadia"
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.browser
def test_editor_publishes_a_page_in_the_admin_under_the_enforced_csp(
    live_server, browser_page, output_dir, home_page, make_user
):
    from community.people import roles
    from home.models import StandardPage

    editor = make_user(roles.EDITORS, email="editor@example.com")
    page = browser_page
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_login", editor.email)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/home/standardpage/{home_page.pk}/")
    page.fill("#id_title", "How rewards work")
    page.fill("#id_introduction", "Where the money comes from.")
    page.screenshot(path=str(output_dir / "admin-editor.png"), full_page=True)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/admin/pages/{home_page.pk}/")

    published = StandardPage.objects.get(title="How rewards work")
    assert published.live
    assert violations == []
