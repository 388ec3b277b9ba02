"""The demo conversation: comments (one awaiting a Moderator), follows and digests that
`send_digest --dry-run` prints. Safe to run twice, and it sends no email."""

import pytest
from django.core import mail
from django.core.management import call_command

from blog.demo import seed_blog
from community.conversation.demo import seed_conversation
from community.conversation.models import Comment, DigestSubscription, Follow
from community.events.demo import seed_events
from community.people.demo import seed_people
from courses.demo import seed_courses
from home.demo import seed_home

pytestmark = pytest.mark.django_db


def test_demo_conversation_is_seeded_once_and_the_dry_run_prints_a_digest(seed_command, capsys, settings):
    settings.COURSES_LESSON_MIN_SECONDS = 0
    for step in (seed_home, seed_people, seed_blog, seed_courses, seed_events):
        step(seed_command)
    seed_conversation(seed_command)
    counts = (Comment.objects.count(), Follow.objects.count(), DigestSubscription.objects.count())
    seed_conversation(seed_command)
    assert counts == (Comment.objects.count(), Follow.objects.count(), DigestSubscription.objects.count())
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1
    assert Comment.objects.filter(parent__isnull=False, status=Comment.Status.PUBLISHED).exists()
    assert Comment.objects.filter(page__content_type__model="lessonpage").exists()
    assert Follow.objects.exists()
    mail.outbox.clear()
    call_command("send_digest", "--dry-run", verbosity=0)
    out = capsys.readouterr().out
    assert "To: reader@newsletter.example" in out
    assert "New comments on your pages" in out
    assert mail.outbox == []
