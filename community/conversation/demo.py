"""Demo conversation: comments on a post (one reply, one first comment waiting for a
Moderator), on a lesson its learners share, and on an event; follows, the post's
authors and a newsletter reader subscribed to the digest, so that
`send_digest --dry-run` prints something. Safe to run twice."""

from django.utils import timezone

from blog.models import BlogPostPage
from community.events.models import EventPage
from courses.models import Enrolment, LessonPage
from portal.demo import demo_user

from . import digest
from .models import Comment, DigestSubscription, Follow

PUBLISHED = Comment.Status.PUBLISHED
PENDING = Comment.Status.PENDING


def add_comment(page, author, body, status=PUBLISHED, parent=None):
    comment, _ = Comment.objects.get_or_create(
        page=page, author=author, body=body, defaults={"status": status, "parent": parent}
    )
    return comment


def seed_conversation(command):
    kofi = demo_user("learner2@kmp.example", "Kofi", "Mensah")
    priya = demo_user("learner3@kmp.example", "Priya", "Raman")
    jonas = demo_user("learner4@kmp.example", "Jonas", "Weber")
    post = BlogPostPage.objects.live().order_by("-first_published_at", "pk").first()
    if post is not None:
        question = add_comment(
            post,
            kofi,
            "We stalled at the second stage for months. What got your core group to meet regularly?",
        )
        add_comment(
            post,
            priya,
            "A fixed slot in the calendar helped us more than any tool: same hour, every other week.",
            parent=question,
        )
        add_comment(post, jonas, "Is there a template for the first meeting's agenda?", status=PENDING)
        command.note(f"Comments: one waits for a Moderator in the admin under Comments ({post.title}).")
    enrolment = Enrolment.objects.select_related("user", "course").order_by("pk").first()
    if enrolment is not None:
        lesson = LessonPage.objects.live().child_of(enrolment.course).order_by("path")[1:2].first()
        if lesson is not None:
            add_comment(lesson, enrolment.user, "The exercise worked better in pairs than alone.")
    event = EventPage.objects.live().order_by("pk").first()
    if event is not None:
        add_comment(event, kofi, "Looking forward to it. Will there be a recording?")
    seed_follows_and_digest(command, post)


def seed_follows_and_digest(command, post):
    kofi = demo_user("learner2@kmp.example", "Kofi", "Mensah")
    if post is not None:
        topic = post.tagged_topics.select_related("tag").first()
        if topic is not None:
            Follow.objects.get_or_create(user=kofi, topic=topic.tag)
        for link in post.post_authors.select_related("author__user"):
            Follow.objects.get_or_create(user=kofi, contributor=link.author)
            if link.author.user is not None:
                # Authors hear of new comments on their posts in the digest.
                digest.ensure_member_subscription(link.author.user)
    digest.ensure_member_subscription(kofi)
    DigestSubscription.objects.get_or_create(
        email="reader@newsletter.example", defaults={"confirmed_at": timezone.now(), "started_from": post}
    )
    command.note("Digest: `manage.py send_digest --dry-run` prints this week's digests.")
