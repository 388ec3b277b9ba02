import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.factories import BlogPostPageFactory
from community.conversation.models import DigestSubscription, Follow

from .test_browser import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_a_topic_and_the_next_digest_lists_a_new_post_on_it(
    live_server, chromium, output_dir, blog, member
):
    topic = blog.post.tagged_topics.first().tag
    topic_url = blog.index.topic_url(topic)
    context, page = new_page(chromium)
    page.goto(live_server.url + topic_url)
    page.get_by_role("link", name="Sign in to follow communities of practice").click()
    page.fill("#id_login", member.email)
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{topic_url}")
    page.get_by_role("button", name="Follow communities of practice").click()
    page.wait_for_url(f"**{topic_url}")
    assert page.get_by_role("button", name="Unfollow communities of practice").is_visible()
    page.goto(f"{live_server.url}/account/")
    assert page.locator("#following-heading + ul").get_by_text("communities of practice").is_visible()
    page.screenshot(path=str(output_dir / "conversation-following.png"), full_page=True)
    context.close()
    assert Follow.objects.filter(user=member, topic=topic).exists()

    # A post on the topic is published during the week; another on something else.
    BlogPostPageFactory(
        parent=blog.index,
        title="Rhythm keeps a community alive",
        topics=["communities of practice"],
        first_published_at=timezone.now(),
    )
    BlogPostPageFactory(
        parent=blog.index,
        title="Taxonomies for beginners",
        topics=["taxonomy"],
        first_published_at=timezone.now(),
    )
    mail.outbox.clear()
    call_command("send_digest", verbosity=0)
    (digest_email,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "Rhythm keeps a community alive" in digest_email.body
    assert "Taxonomies for beginners" not in digest_email.body
    html = digest_email.alternatives[0][0]
    assert "Rhythm keeps a community alive" in html

    # The reader opens the post from the HTML part.
    link = re.search(r'href="([^"]+rhythm-keeps-a-community-alive/)"', html).group(1)
    context, page = new_page(chromium)
    page.goto(link.replace("http://testserver", live_server.url))
    assert page.get_by_role("heading", name="Rhythm keeps a community alive").is_visible()
    context.close()


def test_one_click_unsubscribe_works(live_server, chromium, blog, member):
    Follow.objects.create(user=member, contributor=blog.author)
    from community.conversation import digest

    subscription = digest.ensure_member_subscription(member)
    BlogPostPageFactory(parent=blog.index, authors=[blog.author], first_published_at=timezone.now())
    call_command("send_digest", verbosity=0)
    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>").replace("http://testserver", live_server.url)

    # A mail client's one-click request: a POST with that body, no cookies, no CSRF token.
    context, page = new_page(chromium)
    response = page.request.post(
        url,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    subscription.refresh_from_db()
    assert not subscription.active
    context.close()

    # A person who follows the link in the email sees where they stand and can come back.
    subscription.active = True
    subscription.save()
    context, page = new_page(chromium)
    page.goto(url)
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You are unsubscribed").is_visible()
    assert not DigestSubscription.objects.get(pk=subscription.pk).active
    page.goto(digest.preferences_url(subscription).replace("http://testserver", live_server.url))
    page.get_by_label("Send me the weekly digest").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_label("Send me the weekly digest").is_checked()
    assert DigestSubscription.objects.get(pk=subscription.pk).active
    context.close()
