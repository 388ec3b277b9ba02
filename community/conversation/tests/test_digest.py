import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.factories import BlogPostPageFactory
from community.conversation import digest
from community.conversation.models import DigestSubscription, Follow

pytestmark = pytest.mark.django_db


def topic_of(post):
    return post.tagged_topics.first().tag


def follow(client, kind, target_id, action="follow"):
    return client.post(reverse("conversation:toggle_follow", args=[kind, target_id]), {"action": action})


def test_a_member_follows_and_unfollows_a_topic_a_contributor_and_a_community(
    client, blog, member, home_page
):
    from community.events.factories import CommunityIndexPageFactory, CommunityPageFactory

    community = CommunityPageFactory(parent=CommunityIndexPageFactory(parent=home_page))
    client.force_login(member)
    for kind, target_id in (
        ("topic", topic_of(blog.post).pk),
        ("contributor", blog.author.pk),
        ("community", community.pk),
    ):
        assert follow(client, kind, target_id).status_code == 302
        assert follow(client, kind, target_id).status_code == 302  # twice is still once
    assert Follow.objects.filter(user=member).count() == 3
    assert DigestSubscription.objects.get(user=member).email == member.email
    html = client.get(reverse("conversation:following")).content.decode()
    assert "communities of practice" in html and "Bella Blogger" in html and community.title in html
    assert "Following" in client.get(reverse("account_home")).content.decode()
    follow(client, "topic", topic_of(blog.post).pk, "unfollow")
    assert Follow.objects.filter(user=member).count() == 2


def test_only_real_public_targets_can_be_followed(client, blog, member):
    client.force_login(member)
    for kind, target_id in (
        ("topic", 999_999),
        ("community", blog.post.pk),
        ("contributor", 999_999),
        ("page", 1),
    ):
        assert follow(client, kind, target_id).status_code == 404
    assert not Follow.objects.exists()
    client.logout()
    assert follow(client, "topic", topic_of(blog.post).pk).status_code == 302
    assert not Follow.objects.exists()


def test_the_digest_lists_new_posts_on_followed_topics_only(blog, member):
    Follow.objects.create(user=member, topic=topic_of(blog.post))
    subscription = digest.ensure_member_subscription(member)
    on_topic = BlogPostPageFactory(
        parent=blog.index,
        title="Rhythm keeps a community alive",
        topics=["communities of practice"],
        first_published_at=timezone.now(),
    )
    off_topic = BlogPostPageFactory(
        parent=blog.index,
        title="Taxonomies for beginners",
        topics=["taxonomy"],
        first_published_at=timezone.now(),
    )
    now = timezone.now() + timedelta(seconds=1)
    content = digest.content_for(subscription, now - digest.PERIOD, now)
    assert on_topic.specific in content.posts and off_topic.specific not in content.posts
    message = digest.build_message(subscription, content)
    assert "Rhythm keeps a community alive" in message.body
    assert "Rhythm keeps a community alive" in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/conversation/digest/unsubscribe/[^>]+/>",
        message.extra_headers["List-Unsubscribe"],
    )


def test_send_digest_queues_one_email_each_and_the_next_week_starts_after_it(blog, member):
    Follow.objects.create(user=member, contributor=blog.author)
    digest.ensure_member_subscription(member)
    BlogPostPageFactory(
        parent=blog.index, title="Bella's new post", authors=[blog.author], first_published_at=timezone.now()
    )
    call_command("send_digest", verbosity=0)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Bella's new post" in mail.outbox[0].body
    call_command("send_digest", verbosity=0)
    assert len(mail.outbox) == 1  # nothing new since


def test_send_digest_dry_run_prints_and_sends_nothing(blog, member, capsys):
    Follow.objects.create(user=member, contributor=blog.author)
    subscription = digest.ensure_member_subscription(member)
    new = BlogPostPageFactory(parent=blog.index, authors=[blog.author], first_published_at=timezone.now())
    call_command("send_digest", "--dry-run")
    out = capsys.readouterr().out
    assert f"To: {member.email}" in out and new.title in out and "List-Unsubscribe-Post" in out
    assert mail.outbox == []
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None


def test_one_click_unsubscribe_needs_only_the_signed_link(client, member, blog):
    subscription = digest.ensure_member_subscription(member)
    url = digest.unsubscribe_url(subscription).removeprefix("http://testserver")
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.active  # a GET (a link scanner) changes nothing
    client.handler.enforce_csrf_checks = True
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.active
    tampered = url.replace("unsubscribe/", "unsubscribe/x")
    assert client.post(tampered).status_code == 404


def test_a_preferences_token_cannot_unsubscribe_and_the_reverse(client, member):
    subscription = digest.ensure_member_subscription(member)
    preferences_token = digest.token_for(subscription, digest.PREFERENCES)
    assert client.post(reverse("conversation:unsubscribe", args=[preferences_token])).status_code == 404
    unsubscribe_token = digest.token_for(subscription, digest.UNSUBSCRIBE)
    assert client.get(reverse("conversation:preferences", args=[unsubscribe_token])).status_code == 404
    client.post(reverse("conversation:preferences", args=[preferences_token]), {})
    subscription.refresh_from_db()
    assert not subscription.active


def test_newsletter_double_opt_in(client, blog):
    response = client.post(
        reverse("conversation:subscribe"), {"email": "reader@example.com", "from": blog.post.pk}
    )
    assert response.status_code == 200
    subscription = DigestSubscription.objects.get(email="reader@example.com")
    assert not subscription.is_confirmed and subscription.started_from_id == blog.post.pk
    assert digest.due_subscriptions().count() == 0
    link = re.search(r"http://testserver(/conversation/newsletter/confirm/\S+/)", mail.outbox[0].body).group(
        1
    )
    assert client.get(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed and list(digest.due_subscriptions()) == [subscription]
    # The newsletter lists everything new.
    new = BlogPostPageFactory(parent=blog.index, first_published_at=timezone.now())
    now = timezone.now() + timedelta(seconds=1)
    assert new.specific in digest.content_for(subscription, now - digest.PERIOD, now).posts


def test_newsletter_refuses_a_bad_address_and_a_bot(client):
    assert client.post(reverse("conversation:subscribe"), {"email": "not an address"}).status_code == 400
    client.post(reverse("conversation:subscribe"), {"email": "bot@example.com", "website": "x"})
    assert not DigestSubscription.objects.exists() and mail.outbox == []
