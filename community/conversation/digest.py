"""The weekly digest: what is new for one subscriber since their last digest (posts,
courses and events from what they follow, new comments on their own pages), rendered
as plain text and HTML, with a signed one-click unsubscribe link (RFC 8058)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from blog.models import BlogPostPage
from community.events.models import EventPage
from community.events.recurrence import occurrence_key
from courses.models import CoursePage
from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import site_root_url

from .models import Comment, DigestSubscription, EventRecap, Follow

SIGNING_SALT = "community.conversation.digest"
PERIOD = timedelta(days=7)
CONFIRM_MAX_AGE = timedelta(days=7)
UNSUBSCRIBE = "unsubscribe"
PREFERENCES = "preferences"
CONFIRM = "confirm"


def ensure_member_subscription(user, active=True):
    """A member who follows something gets the digest at their account address (already
    verified); one who only opens the preferences page gets a row that sends nothing."""
    subscription = DigestSubscription.objects.filter(Q(user=user) | Q(email__iexact=user.email)).first()
    if subscription is None:
        return DigestSubscription.objects.create(
            user=user, email=user.email, confirmed_at=timezone.now(), active=active
        )
    if subscription.user_id is None:
        subscription.user = user
        subscription.confirmed_at = subscription.confirmed_at or timezone.now()
        subscription.save(update_fields=["user", "confirmed_at"])
    return subscription


def token_for(subscription, purpose):
    return signing.dumps([subscription.pk, purpose], salt=SIGNING_SALT)


def subscription_from_token(token, purpose, max_age=None):
    try:
        pk, token_purpose = signing.loads(token, salt=SIGNING_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if token_purpose != purpose:
        return None
    return DigestSubscription.objects.filter(pk=pk).first()


def absolute(path):
    return site_root_url() + path


def unsubscribe_url(subscription):
    return absolute(reverse("conversation:unsubscribe", args=[token_for(subscription, UNSUBSCRIBE)]))


def preferences_url(subscription):
    return absolute(reverse("conversation:preferences", args=[token_for(subscription, PREFERENCES)]))


@dataclass
class DigestContent:
    posts: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    events: list = field(default_factory=list)
    recaps: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def is_empty(self):
        return self.count == 0

    @property
    def count(self):
        return sum(
            len(items) for items in (self.posts, self.courses, self.events, self.recaps, self.comments)
        )


def published_between(model, since, until):
    return (
        model.objects.live()
        .public()
        .filter(first_published_at__gte=since, first_published_at__lt=until)
        .order_by("-first_published_at")
    )


def content_for(subscription, since, until):
    posts = published_between(BlogPostPage, since, until)
    courses = published_between(CoursePage, since, until)
    events = published_between(EventPage, since, until)
    user = subscription.user
    recaps = EventRecap.objects.filter(created_at__gte=since, created_at__lt=until).select_related("event")
    if user is None:
        # The newsletter: everything new on the site.
        return DigestContent(
            posts=list(posts), courses=list(courses), events=list(events), recaps=with_urls(recaps)
        )
    follows = Follow.objects.filter(user=user)
    contributors = follows.exclude(contributor=None).values("contributor")
    topics = follows.exclude(topic=None).values("topic")
    communities = list(follows.exclude(community=None).select_related("community"))
    in_community = Q(pk__in=[])
    for followed in communities:
        in_community |= Q(path__startswith=followed.community.path, depth=followed.community.depth + 1)
    return DigestContent(
        posts=list(
            posts.filter(
                Q(post_authors__author__in=contributors) | Q(tagged_topics__tag__in=topics)
            ).distinct()
        ),
        courses=list(
            courses.filter(
                Q(course_instructors__instructor__in=contributors) | Q(topic_items__tag__in=topics)
            ).distinct()
        ),
        events=list(events.filter(in_community)),
        recaps=with_urls(recaps.filter(event__in=EventPage.objects.filter(in_community))),
        comments=comments_on_own_pages(user, since, until),
    )


def with_urls(recaps):
    recaps = list(recaps)
    for recap in recaps:
        recap.url = recap.event.specific.get_occurrence_url(occurrence_key(recap.occurrence_start))
    return recaps


def comments_on_own_pages(user, since, until):
    comments = (
        Comment.objects.shown()
        .filter(created_at__gte=since, created_at__lt=until)
        .exclude(author=user)
        .select_related("page", "author")
    )
    return [c for c in comments if user.pk in set(c.page.specific.get_author_user_ids() or ())]


def build_message(subscription, content):
    context = {
        "subscription": subscription,
        "content": content,
        "root": site_root_url(),
        "unsubscribe_url": unsubscribe_url(subscription),
        "preferences_url": preferences_url(subscription),
    }
    subject = render_subject("conversation/emails/digest_subject.txt", context)
    text = render_plain_text("conversation/emails/digest.txt", context)
    return site_email(
        subject,
        text,
        [subscription.email],
        html_template="conversation/emails/digest.html",
        context=context,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def due_subscriptions():
    return DigestSubscription.objects.filter(active=True, confirmed_at__isnull=False).order_by("pk")


def window_for(subscription, now):
    return (subscription.last_sent_at or now - PERIOD), now


@task()
def send_digest_to(subscription_id, until_iso):
    """One subscriber's digest; nothing when it has nothing new or they have left."""
    subscription = due_subscriptions().filter(pk=subscription_id).select_related("user").first()
    if subscription is None:
        return 0
    until = timezone.datetime.fromisoformat(until_iso)
    since, until = window_for(subscription, until)
    content = content_for(subscription, since, until)
    if not content.is_empty:
        build_message(subscription, content).send()
    subscription.last_sent_at = until
    subscription.save(update_fields=["last_sent_at"])
    return content.count


def start_newsletter_subscription(email, started_from=None):
    """Record the address (unconfirmed) and email it a confirmation link; an address
    already confirmed gets the link again, which turns the digest back on."""
    subscription = DigestSubscription.objects.filter(email__iexact=email).first()
    if subscription is None:
        subscription = DigestSubscription.objects.create(email=email, started_from=started_from)
    confirm_url = absolute(
        reverse("conversation:confirm_subscription", args=[token_for(subscription, CONFIRM)])
    )
    context = {"confirm_url": confirm_url, "subscription": subscription}
    subject = render_subject("conversation/emails/confirm_subject.txt", context)
    body = render_plain_text("conversation/emails/confirm.txt", context)
    site_email(subject, body, [subscription.email]).send()
    return subscription


def confirm(subscription, request=None):
    first_time = subscription.confirmed_at is None
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.active = True
    subscription.save(update_fields=["confirmed_at", "active"])
    return first_time
