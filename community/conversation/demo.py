"""Demo conversation: comments on a post (one reply, one first comment waiting for a
Moderator), on a lesson its learners share, and on an event. Safe to run twice."""

from blog.models import BlogPostPage
from community.events.models import EventPage
from courses.models import Enrolment, LessonPage
from portal.demo import demo_user

from .models import Comment

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
