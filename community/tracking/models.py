from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySalt(models.Model):
    """The secret mixed into each day's visitor keys. A new one starts at midnight in
    the site's time zone and is deleted two days later, after which the keys it made
    can no longer be linked to anyone."""

    day = models.DateField(_("day"), unique=True)
    secret = models.CharField(_("secret"), max_length=64)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")

    def __str__(self):
        return f"salt for {self.day:%Y-%m-%d}"


class PageViewDaily(models.Model):
    """The durable record: a page's views and unique visitors on one day."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    visitors = models.PositiveIntegerField(
        _("unique visitors"),
        default=0,
        help_text=_("Distinct visitors that day; days cannot be linked, so a period's readers are a sum."),
    )

    class Meta:
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")
        ordering = ["-day", "page"]
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="tracking_pageviewdaily_page_day")
        ]
        indexes = [models.Index(fields=["day"], name="tracking_pvd_day")]
        permissions = [("view_site_reach", _("Can see the reach of every page and contributor"))]

    def __str__(self):
        return f"{self.page_id} on {self.day:%Y-%m-%d}: {self.views} views, {self.visitors} visitors"


class PageVisitor(models.Model):
    """Which visitor keys have been counted for a page on a day, so that a visitor is
    counted once however many times and through whichever recorder they come. Rows are
    kept for today and yesterday (late Redis flushes), then pruned with the salt."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # First 128 bits of HMAC-SHA256, hex: not reversible once the day's salt is gone.
    visitor_key = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("page visitor key")
        verbose_name_plural = _("page visitor keys")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "day", "visitor_key"], name="tracking_pagevisitor_page_day_key"
            )
        ]
        indexes = [models.Index(fields=["day"], name="tracking_pagevisitor_day")]

    def __str__(self):
        return f"{self.page_id} on {self.day:%Y-%m-%d}"


class PageViewFlush(models.Model):
    """A Redis buffer already applied to the database. A flush that dies after its
    transaction committed is recognised by its id and never applied twice."""

    flush_id = models.CharField(max_length=32, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("page-view flush")
        verbose_name_plural = _("page-view flushes")

    def __str__(self):
        return self.flush_id


class ReferralQuerySet(models.QuerySet):
    def recorded(self):
        """Every referral but newsletter subscriptions whose address is not confirmed yet."""
        return self.exclude(kind=Referral.Kind.NEWSLETTER, confirmed_at=None)


class Referral(models.Model):
    """A sign-up, membership or enrolment that followed a contributor's ?ref= link, or a
    newsletter subscription started from their post or after their link (no account:
    `user` is empty and `address` names the person, once the address is confirmed)."""

    class Kind(models.TextChoices):
        SIGNUP = "signup", _("Sign-up")
        MEMBERSHIP = "membership", _("Membership")
        ENROLMENT = "enrolment", _("Course enrolment")
        NEWSLETTER = "newsletter", _("Newsletter subscription")

    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred user"),
        on_delete=models.CASCADE,
        related_name="referrals_received",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The Membership's id, or the course's for an enrolment (leaving and enrolling
    # again is not a new referral), or the newsletter subscription's; empty for a sign-up.
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    code = models.CharField(_("code used"), max_length=32, blank=True)
    first_touch_at = models.DateTimeField(_("link followed"), null=True, blank=True)
    # The referred person's network that day (an HMAC under the day's salt), compared
    # with the contributor's own networks (ContributorNetwork): never an address.
    network_key = models.CharField(_("network"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    # A newsletter subscription only: the address normalised (referrals.normalise_address),
    # so that one inbox counts once ever; when and from which network it was confirmed.
    address = models.CharField(
        _("newsletter address (normalised)"), max_length=254, blank=True, db_index=True
    )
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True, db_index=True)
    confirmed_network_key = models.CharField(_("network when confirmed"), max_length=32, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(kind="signup"), name="tracking_referral_one_signup"
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "object_id"],
                condition=~models.Q(kind="signup"),
                name="tracking_referral_one_per_user_object",
            ),
            models.UniqueConstraint(
                fields=["contributor", "object_id"],
                condition=models.Q(kind="newsletter"),
                name="tracking_referral_one_per_subscription",
            ),
        ]

    def __str__(self):
        who = self.user_id if self.user_id else _("a newsletter reader")
        return f"{self.get_kind_display()} by {who} for {self.contributor}"


class QualifiedRead(models.Model):
    """One qualified reader of one contributor on one day: the blogging stream's unit.

    A reader is an account, or an address (an IPv6 /64) for anonymous readers; at most
    TRACKING_READERS_PER_NETWORK readers of a contributor count per network (IPv4 /24,
    IPv6 /48) and day, held by `slot`. Keys are HMACs under the day's salt, which is
    deleted two days later: equal keys of one day can still be compared (the evidence
    Finance reviews), but no key can be turned back into an address or linked to
    another day's."""

    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="qualified_reads",
    )
    day = models.DateField(_("day"))
    reader_key = models.CharField(_("reader"), max_length=32)
    network_key = models.CharField(_("network"), max_length=32)
    slot = models.PositiveSmallIntegerField(_("reader on the network"))
    signed_in = models.BooleanField(_("signed in"), default=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("first post read"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("qualified at"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualified read")
        verbose_name_plural = _("qualified reads")
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "day", "reader_key"], name="tracking_qualifiedread_one_per_reader"
            ),
            models.UniqueConstraint(
                fields=["contributor", "day", "network_key", "slot"],
                name="tracking_qualifiedread_network_slot",
            ),
        ]
        indexes = [models.Index(fields=["day", "contributor"], name="tracking_qread_day")]

    def __str__(self):
        return f"reader of {self.contributor_id} on {self.day:%Y-%m-%d}"


class ContributorNetwork(models.Model):
    """A network a contributor was signed in from on a day: reads from it that day are
    the contributor's own, and people referred from it are not new people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    network_key = models.CharField(_("network"), max_length=32)

    class Meta:
        verbose_name = _("contributor network")
        verbose_name_plural = _("contributor networks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day", "network_key"], name="tracking_contributornetwork_unique"
            )
        ]
        indexes = [models.Index(fields=["day", "network_key"], name="tracking_cnet_day_key")]

    def __str__(self):
        return f"{self.user_id} on {self.day:%Y-%m-%d}"


class PlausibleImport(models.Model):
    """One run of import_plausible, so that the admin can say when the last one failed."""

    ran_at = models.DateTimeField(auto_now_add=True)
    succeeded = models.BooleanField()
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("Plausible import")
        verbose_name_plural = _("Plausible imports")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M} {'ok' if self.succeeded else 'failed'}"
