import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from blog.models import BlogPostPage
from community.people import roles
from community.people.factories import ContributorProfileFactory

PASSWORD = "correct-horse-battery"


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/?next=/admin/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")


def open_footer_actions(page):
    # The body's hidden inputs are written by the StreamField's script: submitting before
    # it has run posts no body ("This field is required").
    page.locator("input[data-streamfield-stream-count]").first.wait_for(state="attached")
    page.locator("footer").get_by_role("button", name="More actions").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_blogger_writes_moderator_approves_visitor_reads(
    live_server, chromium, output_dir, blog_index, make_user
):
    blogger = make_user(roles.BLOGGERS, email="bella@example.com", first_name="Bella", last_name="Blogger")
    ContributorProfileFactory(user=blogger, display_name="Bella Blogger", slug="bella-blogger")
    moderator = make_user(roles.MODERATORS, email="mo@example.com")
    csp_violations = []

    def new_page(**viewport):
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on(
            "console",
            lambda msg: csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        return context, page

    # The Blogger writes a post with a heading, a paragraph and a topic.
    context, page = new_page()
    log_in(page, live_server.url, blogger)
    page.goto(f"{live_server.url}/admin/pages/add/blog/blogpostpage/{blog_index.pk}/")
    assert "Bella Blogger" in page.locator("#id_post_authors-FORMS").inner_text()
    page.fill("#id_title", "Six stages, one community")
    page.fill("#id_summary", "How our community of practice grew, stage by stage.")
    page.locator("#body-root button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Heading").click()
    page.fill("#body-0-value-text", "Find the domain")
    page.locator("#body-root button[title='Insert a block']").last.click()
    page.get_by_role("option", name="Paragraph").click()
    # Typing before the new paragraph's editor has the focus loses the text, and the
    # post is then refused for an empty paragraph: wait for the focus, then for the text.
    paragraph = page.locator("#body-root .public-DraftEditor-content").last
    paragraph.click()
    expect(paragraph).to_be_focused()
    page.keyboard.type("Look for the problem people keep solving on their own.")
    expect(paragraph).to_contain_text("Look for the problem people keep solving on their own.")
    # Draftail copies the text to the block's hidden input a moment later: that is what is posted.
    expect(page.locator("input[name='body-1-value']")).to_have_value(re.compile("Look for the problem"))
    page.locator("#id_topics + ul.tagit input").fill("communities of practice")
    page.keyboard.press("Enter")
    page.screenshot(path=str(output_dir / "blog-editor.png"), full_page=True)

    open_footer_actions(page)
    page.get_by_role("button", name="Submit to Blog moderation").click()
    page.wait_for_url(f"**/admin/pages/{blog_index.pk}/")
    context.close()

    post = BlogPostPage.objects.get(title="Six stages, one community")
    assert not post.live and post.workflow_in_progress
    assert [author.display_name for author in post.get_latest_revision_as_object().authors] == [
        "Bella Blogger"
    ]
    assert any(moderator.email in message.to for message in mail.outbox)

    # The Moderator approves it from the editor.
    context, page = new_page()
    log_in(page, live_server.url, moderator)
    page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    open_footer_actions(page)
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{blog_index.pk}/")
    context.close()
    post.refresh_from_db()
    assert post.live

    # An anonymous visitor finds it on the blog, on a phone.
    context, page = new_page(width=390, height=844)
    page.goto(f"{live_server.url}/blog/")
    page.get_by_role("link", name="Six stages, one community").click()
    page.wait_for_url(f"**/blog/{post.slug}/")
    assert page.locator("h1").inner_text() == "Six stages, one community"
    assert page.get_by_role("heading", name="Find the domain").is_visible()
    assert "Look for the problem people keep solving" in page.locator(".post-body").inner_text()
    assert page.get_by_role("link", name="communities of practice").first.is_visible()
    assert "Bella Blogger" in page.locator(".post-meta").inner_text()
    page.screenshot(path=str(output_dir / "blog-published-post.png"), full_page=True)
    context.close()

    assert csp_violations == []
