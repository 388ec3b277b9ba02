"""Readers acting on one thing at the same moment, on PostgreSQL with real threads."""

import threading

import pytest
from django.db import connection

from community.conversation import actions, following
from community.conversation.models import Comment, CommentFlag, Follow

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(target, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_flags_raised_at_once_are_all_counted(blog, member, make_user):
    comment = Comment.objects.create(page=blog.post, author=member, body="Hm", status="published")
    readers = [make_user() for _ in range(5)]
    errors = run_at_once(
        lambda reader: actions.flag_comment(Comment.objects.get(pk=comment.pk), reader),
        [(r,) for r in readers],
    )
    assert errors == []
    comment.refresh_from_db()
    assert comment.flag_count == CommentFlag.objects.count() == 5
    assert comment.status == Comment.Status.FLAGGED


def test_one_reader_flagging_twice_at_once_flags_once(blog, member, make_user):
    comment = Comment.objects.create(page=blog.post, author=member, body="Hm", status="published")
    reader = make_user()
    errors = run_at_once(
        lambda: actions.flag_comment(Comment.objects.get(pk=comment.pk), reader), [(), (), ()]
    )
    assert errors == []
    comment.refresh_from_db()
    assert comment.flag_count == CommentFlag.objects.count() == 1


def test_following_twice_at_once_follows_once(blog, member):
    topic = blog.post.tagged_topics.first().tag
    errors = run_at_once(lambda: following.follow(member, topic), [(), (), ()])
    assert errors == []
    assert Follow.objects.filter(user=member, topic=topic).count() == 1
