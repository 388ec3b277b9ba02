from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from .cache import cached, listings_token, site_token
from .menus import MENU_BLOCKS


class PortalImage(AbstractImage):
    """The site's image model: every image carries alt text for accessibility."""

    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("alt_text", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class BasePage(Page):
    """Fields and behaviour every public page shares: SEO, social and listing."""

    social_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; 1200×630 works best."),
    )
    listing_summary = models.CharField(
        _("listing summary"),
        max_length=300,
        blank=True,
        help_text=_("A sentence or two shown where this page is listed."),
    )
    listing_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown where this page is listed."),
    )

    # Seconds a shared cache may keep an anonymous copy of this page.
    cache_max_age = 300

    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("listing_image"), FieldPanel("social_image")],
            heading=_("Listing and sharing"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("listing_summary")]

    class Meta:
        abstract = True

    def get_listing_summary(self):
        return self.listing_summary or self.search_description

    def get_listing_image(self):
        return self.listing_image or self.social_image

    def get_author_user_ids(self):
        """Users whose own views of this page are not counted (authors, instructors)."""
        return set()

    def get_view_restrictions(self):
        """Wagtail asks this before serving any page. Most pages have no restriction on
        themselves or above them: that is answered from a summary of the site's
        restrictions kept per site token (a restriction added, changed or removed renews
        it), with no query. Otherwise, and on any site with aliases (an alias takes its
        source's restrictions), Wagtail's own two queries answer."""
        restricted_paths, has_aliases = restriction_summary(self.site_token_when_loaded)
        if has_aliases or any(self.path.startswith(path) for path in restricted_paths):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def get_cache_key_components(self):
        """`{% pagecache %}` fragments change with the page and with anything the page
        shows from elsewhere (authors, images: the site token; related pages: the
        listings token, renewed by any publish): see portal.cache."""
        return [*super().get_cache_key_components(), self.site_token_when_loaded, listings_token()]

    @cached_property
    def site_token_when_loaded(self):
        # Read once per page object (one per request): every fragment of a render uses
        # the same token, for one cache read.
        return site_token()


def restriction_summary(token):
    """(tree paths of the pages that carry a view restriction, whether any page is an
    alias), for the site token `token`."""

    def compute():
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())
        return paths, Page.objects.filter(alias_of__isnull=False).exists()

    return cached(f"portal:view-restrictions:{token}", compute)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=100, default="KMP Portal")
    tagline = models.CharField(_("tagline"), max_length=200, default="Knowledge management, learned together")
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        default="KMP is run by a community of knowledge-management professionals.",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    github_url = models.URLField(_("GitHub"), blank=True)
    plausible_domain = models.CharField(
        _("Plausible domain"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use only the site's own private counter."),
    )
    main_menu = StreamField(
        MENU_BLOCKS,
        blank=True,
        verbose_name=_("top menu"),
        help_text=_(
            "In order of importance. Empty: the home page's children shown in menus, and Contributors."
        ),
    )
    footer_menu = StreamField(
        MENU_BLOCKS,
        blank=True,
        verbose_name=_("footer links"),
        help_text=_("Beside Search and the account link. Empty: Contributors."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("tagline"),
                FieldPanel("footer_text"),
                FieldPanel("contact_email"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("youtube_url"),
                FieldPanel("github_url"),
            ],
            heading=_("Social links"),
        ),
        FieldPanel("plausible_domain"),
    ]
    menu_panels = [FieldPanel("main_menu"), FieldPanel("footer_menu")]
    edit_handler = TabbedInterface(
        [ObjectList(panels, heading=_("Site")), ObjectList(menu_panels, heading=_("Menus"))]
    )

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Every page shows the settings: they come from the cache, keyed by the site
        token, which saving them renews (portal.cache). The admin edits them through
        for_site, which always reads the database."""
        attr_name = cls.get_cache_attr_name()
        site = None if hasattr(request, attr_name) else Site.find_for_request(request)
        if site is not None:
            instance = cached(f"portal:site-settings:{site.pk}:{site_token()}", lambda: cls.for_site(site))
            instance._request = request
            setattr(request, attr_name, instance)
        return super().for_request(request)

    @property
    def social_links(self):
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
            ("GitHub", self.github_url),
        ]
        return [(name, url) for name, url in links if url]
