from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.conversation import actions
from community.conversation.models import Comment, CommentFlag
from community.conversation.text import count_links

pytestmark = pytest.mark.django_db


def post_url(page):
    return reverse("conversation:post_comment", args=[page.pk])


def test_a_first_comment_waits_and_later_ones_are_published_at_once(client, blog, member):
    client.force_login(member)
    response = client.post(post_url(blog.post), {"body": "The second stage rang true."})
    first = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{first.pk}")
    assert first.status == Comment.Status.PENDING and first.author == member
    # Waiting comments are seen by their author only.
    assert "The second stage rang true." in client.get(blog.post.url).content.decode()
    client.logout()
    assert "The second stage rang true." not in client.get(blog.post.url).content.decode()

    first.status = Comment.Status.PUBLISHED
    first.save()
    client.force_login(member)
    client.post(post_url(blog.post), {"body": "And the third."})
    assert Comment.objects.get(body="And the third.").status == Comment.Status.PUBLISHED


def test_the_author_is_told_of_a_published_comment(
    blog, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = actions.post_comment(member, blog.post, "Thanks for this.")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate(comment, moderator, Comment.Status.PUBLISHED)
    assert [message.to for message in mail.outbox] == [[blog.author_user.email]]
    assert "Thanks for this." in mail.outbox[0].body
    assert member.email not in mail.outbox[0].body


def test_markup_is_removed_and_links_are_text_and_limited(client, blog, member, settings):
    client.force_login(member)
    client.post(post_url(blog.post), {"body": '<a href="https://evil.example">click</a> <b>bold</b>'})
    assert Comment.objects.get().body == "click bold"
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    client.post(post_url(blog.post), {"body": "see https://a.example and www.b.example"})
    html = client.get(blog.post.url).content.decode()
    assert "see https://a.example and www.b.example" in html
    assert 'href="https://a.example' not in html
    settings.KMP_COMMENT_MAX_LINKS = 2
    response = client.post(
        post_url(blog.post), {"body": "http://1.example http://2.example http://3.example"}
    )
    assert response.status_code == 400 and "at most 2 links" in response.content.decode()
    assert Comment.objects.count() == 2


def test_count_links():
    assert count_links("no links here, e.g. and i.e.") == 0
    assert count_links("https://a.example/x and ftp://b.example and www.c.example") == 3


def test_a_filled_in_honeypot_saves_nothing(client, blog, member):
    client.force_login(member)
    response = client.post(post_url(blog.post), {"body": "Buy now", "website": "http://spam.example"})
    assert response.status_code == 302 and not Comment.objects.exists()


def test_comments_are_rate_limited(client, blog, member, settings):
    settings.KMP_CONVERSATION_RATE_LIMITS = {"comment": ("2/h", "100/h")}
    client.force_login(member)
    for n in range(2):
        assert client.post(post_url(blog.post), {"body": f"Comment {n}"}).status_code == 302
    response = client.post(post_url(blog.post), {"body": "One too many"})
    assert response.status_code == 429 and Comment.objects.count() == 2


def test_replies_go_one_level_deep_and_only_on_the_same_page(client, blog, member, make_user):
    from blog.factories import BlogPostPageFactory

    top = Comment.objects.create(page=blog.post, author=member, body="Top", status=Comment.Status.PUBLISHED)
    other_post = BlogPostPageFactory(parent=blog.index, title="Another post")
    client.force_login(member)
    assert client.post(post_url(blog.post), {"body": "Reply", "parent": top.pk}).status_code == 302
    reply = Comment.objects.get(body="Reply")
    assert reply.parent == top
    for parent in (reply.pk, top.pk + 1000, "abc"):
        response = client.post(post_url(blog.post), {"body": "Deeper", "parent": parent})
        assert response.status_code == 400
    assert client.post(post_url(other_post), {"body": "Elsewhere", "parent": top.pk}).status_code == 400
    assert not Comment.objects.filter(body__in=["Deeper", "Elsewhere"]).exists()


def test_anonymous_readers_cannot_post(client, blog):
    response = client.post(post_url(blog.post), {"body": "Hello"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_pages_that_take_no_comments_refuse_them(client, blog, member):
    client.force_login(member)
    for page_id in (blog.index.pk, 999_999):
        assert (
            client.post(reverse("conversation:post_comment", args=[page_id]), {"body": "x"}).status_code
            == 404
        )
    assert not Comment.objects.exists()


def test_authors_edit_within_fifteen_minutes_and_delete_their_own(client, blog, member, make_user):
    comment = Comment.objects.create(
        page=blog.post, author=member, body="Tpyo", status=Comment.Status.PUBLISHED
    )
    someone_else = make_user()
    client.force_login(someone_else)
    edit = reverse("conversation:edit_comment", args=[comment.pk])
    delete = reverse("conversation:delete_comment", args=[comment.pk])
    assert client.post(edit, {"body": "Hijacked"}).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(member)
    client.post(edit, {"body": "Typo"})
    comment.refresh_from_db()
    assert comment.body == "Typo" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.post(edit, {"body": "Too late"})
    comment.refresh_from_db()
    assert comment.body == "Typo"
    assert client.post(delete).status_code == 302
    assert not Comment.objects.exists()


def test_a_flag_takes_a_comment_off_the_page_at_once(client, blog, member, make_user):
    comment = Comment.objects.create(
        page=blog.post, author=member, body="Questionable remark", status=Comment.Status.PUBLISHED
    )
    flag = reverse("conversation:flag_comment", args=[comment.pk])
    assert client.get(flag).status_code == 200
    client.post(flag, {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.FLAGGED and comment.flag_count == 1
    assert "Questionable remark" not in client.get(blog.post.url).content.decode()
    # Once off the page there is nothing left to flag.
    assert client.post(flag).status_code == 404


def test_a_reader_flags_a_comment_once(blog, member, make_user):
    comment = Comment.objects.create(
        page=blog.post, author=member, body="Hm", status=Comment.Status.PUBLISHED
    )
    reader = make_user()
    assert actions.flag_comment(comment, reader)
    assert not actions.flag_comment(comment, reader)
    assert CommentFlag.objects.count() == 1


def test_a_lesson_comment_is_only_for_the_course(client, course, make_user):
    outsider = make_user(email="otto@example.com")
    for lesson in (course.preview, course.lesson):
        comment = Comment.objects.create(
            page=lesson,
            author=course.learner,
            body=f"Only learners read this {lesson.pk}",
            status="published",
        )
        client.force_login(course.learner)
        assert comment.body in client.get(lesson.url).content.decode()
        client.force_login(outsider)
        html = client.get(lesson.url).content.decode()
        assert comment.body not in html
        assert client.post(post_url(lesson), {"body": "Let me in"}).status_code == 404
        assert client.get(reverse("conversation:flag_comment", args=[comment.pk])).status_code == 404
        client.logout()
        assert comment.body not in client.get(lesson.url).content.decode()
    assert not Comment.objects.filter(body="Let me in").exists()


def test_comments_on_events(client, home_page, member):
    from community.events.factories import EventIndexPageFactory, EventPageFactory

    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    Comment.objects.create(page=event, author=member, body="See you there", status="published")
    assert "See you there" in client.get(event.url).content.decode()


def test_comments_are_not_in_page_revisions(blog, member):
    Comment.objects.create(page=blog.post, author=member, body="Not in a revision", status="published")
    revision = blog.post.save_revision()
    assert "Not in a revision" not in str(revision.content)
