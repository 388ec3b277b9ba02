"""Readers acting on one thing at the same moment, on PostgreSQL with real threads."""

import pytest

from community.conversation import actions, following
from community.conversation.models import Comment, CommentFlag, Follow
from portal.tests.threads import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_flags_raised_at_once_are_all_counted(blog, member, make_user):
    comment = Comment.objects.create(page=blog.post, author=member, body="Hm", status="published")
    readers = [make_user() for _ in range(5)]
    run_at_once(
        lambda reader: actions.flag_comment(Comment.objects.get(pk=comment.pk), reader),
        [(r,) for r in readers],
    )
    comment.refresh_from_db()
    assert comment.flag_count == CommentFlag.objects.count() == 5
    assert comment.status == Comment.Status.FLAGGED


def test_one_reader_flagging_twice_at_once_flags_once(blog, member, make_user):
    comment = Comment.objects.create(page=blog.post, author=member, body="Hm", status="published")
    reader = make_user()
    run_at_once(lambda: actions.flag_comment(Comment.objects.get(pk=comment.pk), reader), [(), (), ()])
    comment.refresh_from_db()
    assert comment.flag_count == CommentFlag.objects.count() == 1


def test_following_twice_at_once_follows_once(blog, member):
    topic = blog.post.tagged_topics.first().tag
    run_at_once(lambda: following.follow(member, topic), [(), (), ()])
    assert Follow.objects.filter(user=member, topic=topic).count() == 1
