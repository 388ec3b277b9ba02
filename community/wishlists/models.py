"""Wish lists that businesses submit, the offers professionals make on their items,
and the services professionals list for anyone to find.

A wish list is a page so that it goes through Wagtail's moderation workflow. Its
items are inline children (they are part of each revision); offers and the list's
lifecycle status are not, so that publishing an older revision never undoes a match.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.models import BasePage

PLAIN_TEXT_HELP = _("Plain text; line breaks are kept.")


class Engagement(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    PAID = "paid", _("Paid")
    EITHER = "either", _("Volunteer or paid")


class WishListIndexPage(BasePage):
    """The one public listing of published wish lists, filterable by topic and status."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["wishlists.WishListPage"]

    per_page = 12

    class Meta:
        verbose_name = _("wish-list index page")

    def get_context(self, request, *args, **kwargs):
        from .listing import wish_list_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(wish_list_listing(self, request))
        return context


class WishListPage(BasePage):
    """A business's wish list: the problem, the outcomes it wants and the items it needs help with."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    organisation = models.CharField(_("organisation"), max_length=120)
    problem = models.TextField(_("the problem"), help_text=PLAIN_TEXT_HELP)
    desired_outcomes = models.TextField(_("desired outcomes"), help_text=PLAIN_TEXT_HELP)
    # Lifecycle state, changed by offers being accepted or the list being closed;
    # kept across revisions (see with_content_json), so it is not an editor field.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("organisation"),
        FieldPanel("problem"),
        FieldPanel("desired_outcomes"),
        InlinePanel("items", label=_("Wish item"), min_num=1, max_num=20),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("organisation", boost=2),
        index.SearchField("problem"),
        index.SearchField("desired_outcomes"),
        index.FilterField("status"),
    ]

    parent_page_types = ["wishlists.WishListIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("wish list")
        verbose_name_plural = _("wish lists")

    def with_content_json(self, content):
        # The status belongs to the list, not to a revision: publishing an edit made
        # before a match must not reopen it.
        obj = super().with_content_json(content)
        obj.status = self.status
        return obj

    def get_listing_summary(self):
        return super().get_listing_summary() or Truncator(self.problem).words(30)

    def get_context(self, request, *args, **kwargs):
        from .listing import wish_list_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(wish_list_detail(self, request))
        return context

    def matched_item_ids(self):
        return set(
            Offer.objects.filter(item__wish_list=self, status=Offer.Status.ACCEPTED).values_list(
                "item_id", flat=True
            )
        )

    def refresh_status(self):
        """Matched once every item has an accepted offer; a closed list stays closed.

        Always saves (with save(), not update()), because an item's match changes
        what the page shows even when the list's status stays the same, and page
        caches are purged on a page's post_save."""
        if self.status != self.Status.CLOSED:
            item_ids = set(WishItem.objects.filter(wish_list=self).values_list("pk", flat=True))
            matched = bool(item_ids) and item_ids <= self.matched_item_ids()
            self.status = self.Status.MATCHED if matched else self.Status.OPEN
        self.save(update_fields=["status"], clean=False)
        return self.status

    def close(self):
        if self.status != self.Status.CLOSED:
            self.status = self.Status.CLOSED
            self.save(update_fields=["status"], clean=False)

    def get_manage_url(self):
        return reverse("wishlists:manage", args=[self.pk])


class WishItemTopic(TaggedItemBase):
    content_object = ParentalKey("wishlists.WishItem", on_delete=models.CASCADE, related_name="tagged_topics")


class WishItemSkill(TaggedItemBase):
    content_object = ParentalKey("wishlists.WishItem", on_delete=models.CASCADE, related_name="tagged_skills")


class WishItem(Orderable, ClusterableModel):
    """One initiative a wish list asks for, such as "set up a lessons-learned practice"."""

    wish_list = ParentalKey(WishListPage, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("what is wanted"), max_length=160)
    description = models.TextField(_("details"), blank=True, help_text=PLAIN_TEXT_HELP)
    topics = ClusterTaggableManager(
        verbose_name=_("topics"),
        through=WishItemTopic,
        related_name="wish_items_by_topic",
        help_text=_("KM topics this item is about, for example: lessons learned."),
    )
    skills = ClusterTaggableManager(
        verbose_name=_("skills"),
        through=WishItemSkill,
        related_name="wish_items_by_skill",
        blank=True,
        help_text=_("Skills the work needs, for example: facilitation."),
    )
    engagement = models.CharField(
        _("engagement preferred"), max_length=10, choices=Engagement.choices, default=Engagement.EITHER
    )
    budget_min = models.PositiveBigIntegerField(
        _("budget from"),
        null=True,
        blank=True,
        help_text=_("In minor units (cents): 500000 is 5,000.00."),
    )
    budget_max = models.PositiveBigIntegerField(
        _("budget up to"),
        null=True,
        blank=True,
        help_text=_("In minor units (cents): 1500000 is 15,000.00."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("topics"),
        FieldPanel("skills"),
        FieldPanel("engagement"),
        FieldRowPanel([FieldPanel("budget_min"), FieldPanel("budget_max")], heading=_("Budget")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("wish item")
        verbose_name_plural = _("wish items")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="wishlists_wishitem_budget_range",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            raise ValidationError({"budget_max": _("The upper end of the budget is below the lower end.")})

    def accepts(self, how):
        return self.engagement == Engagement.EITHER or self.engagement == how

    def get_offer_url(self):
        return reverse("wishlists:make_offer", args=[self.pk])


class Offer(models.Model):
    """A contributor's offer to take on a wish item. Private to the wish list's owner,
    Moderators and the contributor who made it."""

    class How(models.TextChoices):
        VOLUNTEER = "volunteer", _("As a volunteer")
        PAID = "paid", _("Paid")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the owner")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    item = models.ForeignKey(
        WishItem, verbose_name=_("wish item"), on_delete=models.CASCADE, related_name="offers"
    )
    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="wish_offers",
    )
    what = models.CharField(_("what you offer"), max_length=200)
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    message = models.TextField(_("message to the owner"), help_text=PLAIN_TEXT_HELP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    hidden = models.BooleanField(
        _("hidden as spam"),
        default=False,
        help_text=_("Hidden offers are not shown to the wish list's owner."),
    )
    hidden_reason = models.CharField(_("why it was hidden"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # The database, not only the view, guarantees one accepted offer per item.
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="accepted"), name="wishlists_one_accepted_offer_per_item"
            ),
            models.UniqueConstraint(
                fields=["item", "contributor"],
                condition=~Q(status="withdrawn"),
                name="wishlists_one_open_offer_per_contributor",
            ),
        ]

    def __str__(self):
        return f"{self.contributor} → {self.item}"

    def get_absolute_url(self):
        return reverse("wishlists:offer_detail", args=[self.pk])

    @property
    def wish_list(self):
        return self.item.wish_list

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class ServiceTopic(TaggedItemBase):
    content_object = ParentalKey("wishlists.Service", on_delete=models.CASCADE, related_name="tagged_topics")


class Service(ClusterableModel):
    """Something a contributor offers to anyone: advice, a workshop, or being open to a job."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        PAID = "paid", _("Paid")
        JOB = "job", _("Open to a job")

    contributor = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000, help_text=PLAIN_TEXT_HELP)
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=ServiceTopic, related_name="services_by_topic", blank=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PAID)
    listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Unlisted services are not shown to anyone else.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("contributor"),
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("kind"), FieldPanel("listed")], heading=_("Service")
        ),
        FieldPanel("description"),
        FieldPanel("topics"),
    ]

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.title
