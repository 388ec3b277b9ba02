"""Comments under pages, the flags readers raise on them, and who follows whom.

Comments are records of their own, never part of a page or its revisions: publishing,
reverting or copying a page leaves them alone."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_COMMENT_LENGTH = 3000
# How long an author may still change what they wrote.
EDIT_WINDOW = timedelta(minutes=15)


class CommentQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(status=Comment.Status.PUBLISHED)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a Moderator")
        PUBLISHED = "published", _("Published")
        FLAGGED = "flagged", _("Flagged: off the page until a Moderator decides")
        HIDDEN = "hidden", _("Hidden by a Moderator")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)
    hidden_reason = models.CharField(
        _("reason for hiding"),
        max_length=300,
        blank=True,
        help_text=_("Required when hiding: the author is not told, but other Moderators read it."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]

    def __str__(self):
        excerpt = " ".join(self.body.split())
        return excerpt if len(excerpt) <= 60 else excerpt[:59] + "…"

    @property
    def is_shown(self):
        return self.status == self.Status.PUBLISHED

    def editable_until(self):
        return self.created_at + EDIT_WINDOW

    def can_be_edited_by(self, user, now=None):
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and self.status != self.Status.HIDDEN
            and (now or timezone.now()) <= self.editable_until()
        )


class CommentFlag(models.Model):
    """One reader's flag on a comment; a signed-in reader flags a comment once."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("flag")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "flagged_by"],
                condition=Q(flagged_by__isnull=False),
                name="conversation_one_flag_per_reader",
            )
        ]

    def __str__(self):
        return f"{self.comment}: {self.reason}" if self.reason else str(self.comment)


class Follow(models.Model):
    """A member follows exactly one of: a contributor, a topic, a community of practice."""

    class Kind(models.TextChoices):
        CONTRIBUTOR = "contributor", _("Contributor")
        TOPIC = "topic", _("Topic")
        COMMUNITY = "community", _("Community of practice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    contributor = models.ForeignKey(
        "people.ContributorProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    community = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contributor__isnull=False, topic__isnull=True, community__isnull=True)
                    | Q(contributor__isnull=True, topic__isnull=False, community__isnull=True)
                    | Q(contributor__isnull=True, topic__isnull=True, community__isnull=False)
                ),
                name="conversation_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "contributor"], name="conversation_follow_contributor_once"
            ),
            models.UniqueConstraint(fields=["user", "topic"], name="conversation_follow_topic_once"),
            models.UniqueConstraint(fields=["user", "community"], name="conversation_follow_community_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"

    def get_kind_display(self):
        return self.Kind(self.kind).label

    @property
    def kind(self):
        if self.contributor_id:
            return self.Kind.CONTRIBUTOR
        return self.Kind.TOPIC if self.topic_id else self.Kind.COMMUNITY

    @property
    def target(self):
        return self.contributor or self.topic or self.community


class DigestSubscription(models.Model):
    """Who gets the weekly digest. A member's row is made when they first follow
    something (their verified account address); a reader without an account subscribes
    to the newsletter and confirms the address first (double opt-in)."""

    email = models.EmailField(_("email address"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="digest_subscription",
    )
    active = models.BooleanField(_("sends the weekly digest"), default=True)
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    # The post a newsletter subscription started from: its authors are credited once
    # the address is confirmed (community.tracking.referrals).
    started_from = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class EventRecap(models.Model):
    """What happened at one occurrence of an event, written by its organiser afterwards."""

    event = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # The occurrence's original start, as RSVPs name it (community.events.recurrence).
    occurrence_start = models.DateTimeField(_("occurrence"))
    text = models.TextField(_("recap"), max_length=10_000)
    transcript = models.TextField(_("transcript"), max_length=100_000, blank=True)
    links = models.TextField(
        _("links"), max_length=4000, blank=True, help_text=_("One address a line: slides, recording, notes.")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event recap")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence_start"], name="conversation_one_recap_per_occurrence"
            )
        ]

    def __str__(self):
        return f"{self.event} {self.occurrence_start:%Y-%m-%d}"

    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]
