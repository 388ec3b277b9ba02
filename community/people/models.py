import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import log
from wagtail.search import index

# Only administrators hold it (it is granted to no group): linking a profile to a
# person decides who is paid and who reads its statements.
LINK_USER_PERMISSION = "people.link_contributor_user"
LINK_USER_ACTION = "people.link_contributor_user"


class EmailUserManager(UserManager):
    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Members sign in with their email address; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_member(self):
        return Membership.objects.filter(user=self, paid_until__gte=timezone.localdate()).exists()


class ContributorExpertiseTag(TaggedItemBase):
    content_object = ParentalKey(
        "people.ContributorProfile", on_delete=models.CASCADE, related_name="tagged_expertise"
    )


class ContributorProfileAdminForm(WagtailAdminModelForm):
    """The admin's form: the person behind a profile is set once (the field is shown
    only to administrators, and only while it is empty), and the link is logged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields and self.instance.user_id:
            self.fields["user"].disabled = True

    def save(self, commit=True):
        linked = "user" in self.changed_data and self.instance.user_id is not None
        profile = super().save(commit=commit)
        if commit and linked:
            log_user_link(profile, by=self.for_user)
        return profile


def log_user_link(profile, by):
    log(
        instance=profile,
        action=LINK_USER_ACTION,
        user=by,
        data={"user_id": profile.user_id, "email": profile.user.email},
    )


class UserAlreadyLinked(PermissionDenied):
    """A contributor profile's person is set once; changing it would redirect their money."""


def new_referral_code():
    return secrets.token_urlsafe(6).replace("-", "x").replace("_", "y").lower()


class ContributorProfile(index.Indexed, ClusterableModel):
    """The public face of a KM professional who writes, teaches or organises."""

    class PayoutPreference(models.TextChoices):
        CASH = "cash", _("Pay me")
        VOLUNTEER = "volunteer", _("I volunteer (my share returns to reserves)")
        GIVE_BACK = "give_back", _("Give it back (donate my share to the pool)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor_profile",
    )
    display_name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    headline = models.CharField(
        _("headline"), max_length=200, blank=True, help_text=_("For example: KM lead, Hong Kong")
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expertise = ClusterTaggableManager(
        verbose_name=_("expertise topics"), through=ContributorExpertiseTag, blank=True
    )
    website_url = models.URLField(_("website"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    payout_preference = models.CharField(
        _("payout preference"),
        max_length=20,
        choices=PayoutPreference.choices,
        default=PayoutPreference.CASH,
    )
    referral_code = models.CharField(
        _("referral code"),
        max_length=32,
        unique=True,
        default=new_referral_code,
        help_text=_("Add ?ref=CODE to any link to be credited for the people you bring."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = ContributorProfileAdminForm
    panels = [
        FieldPanel("user", permission=LINK_USER_PERMISSION),
        MultiFieldPanel(
            [FieldPanel("display_name"), FieldPanel("slug"), FieldPanel("headline"), FieldPanel("photo")],
            heading=_("Identity"),
        ),
        FieldPanel("bio"),
        FieldPanel("expertise"),
        MultiFieldPanel(
            [FieldPanel("website_url"), FieldPanel("linkedin_url"), FieldPanel("mastodon_url")],
            heading=_("Links"),
        ),
        # Only the contributor chooses, on their account page.
        FieldPanel("payout_preference", read_only=True),
        FieldPanel("referral_code", read_only=True),
    ]
    search_fields = [
        index.SearchField("display_name", boost=3),
        index.AutocompleteField("display_name"),
        index.SearchField("headline"),
        index.SearchField("bio"),
        index.RelatedFields("expertise", [index.SearchField("name")]),
        index.FilterField("slug"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("contributor profile")
        verbose_name_plural = _("contributor profiles")
        permissions = [("link_contributor_user", _("Can link a contributor profile to a person, once"))]

    def __str__(self):
        return self.display_name

    @staticmethod
    def of(user):
        """The user's own profile or None: the one way to ask. Django keeps the answer
        on the user object (a profile created for it later is kept there too)."""
        if user is None or not user.is_authenticated:
            return None
        return getattr(user, "contributor_profile", None)

    @classmethod
    def of_or_create(cls, user):
        """The user's own profile; one without gets one, named after them, for the
        pages that list them (a post's author, an event's organiser)."""
        profile = cls.of(user)
        if profile is not None or user is None or not user.is_authenticated:
            return profile
        display_name = user.get_full_name() or user.email.split("@")[0]
        base = slugify(display_name)[:100] or "contributor"
        slug, suffix = base, 2
        while cls.objects.filter(slug=slug).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        profile, _created = cls.objects.get_or_create(
            user=user, defaults={"display_name": display_name, "slug": slug}
        )
        return profile

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            linked = ContributorProfile.objects.filter(pk=self.pk).values_list("user_id", flat=True).first()
            if linked is not None and linked != self.user_id:
                raise UserAlreadyLinked(
                    f"{self.display_name}'s profile already belongs to a person; it cannot be moved to another."
                )
        if not self.slug:
            self.slug = slugify(self.display_name)[:120] or new_referral_code()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:profile", args=[self.slug])

    @property
    def links(self):
        return [
            (label, url)
            for label, url in (
                (_("Website"), self.website_url),
                ("LinkedIn", self.linkedin_url),
                ("Mastodon", self.mastodon_url),
            )
            if url
        ]


class Membership(models.Model):
    """A paid membership. A fee paid for it is also a ledger entry (rewards)."""

    class Plan(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        CONCESSION = "concession", _("Student or retired")
        ORGANISATION = "organisation", _("Organisation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    plan = models.CharField(_("plan"), max_length=20, choices=Plan.choices, default=Plan.INDIVIDUAL)
    started = models.DateField(_("started"), default=timezone.localdate)
    paid_until = models.DateField(_("paid until"))

    class Meta:
        ordering = ["-paid_until"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} ({self.get_plan_display()}, until {self.paid_until:%Y-%m-%d})"

    @property
    def is_current(self):
        return self.paid_until >= timezone.localdate()
