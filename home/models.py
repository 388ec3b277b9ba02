import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community.people.models import ContributorProfile
from portal.blocks import BaseStreamBlock
from portal.cache import FRAGMENT_CACHE_SECONDS, is_shared
from portal.models import BasePage
from portal.sections import (
    HOME_GREETING_SECTIONS,
    HOME_PAGE_SECTIONS,
    STANDARD_PAGE_SECTIONS,
    render_sections,
)


class HomePage(BasePage):
    """The curated front page: a hero, editor-chosen features, then sections that
    the blog, courses and events apps fill automatically."""

    hero_heading = models.CharField(_("hero heading"), max_length=150)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("call-to-action text"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call-to-action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_heading = models.CharField(_("featured heading"), max_length=100, blank=True, default="Featured")
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [FieldPanel("featured_heading"), InlinePanel("featured_items", label=_("Featured item"))],
            heading=_("Featured"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("hero_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "blog.BlogIndexPage",
        "courses.CourseIndexPage",
        "events.EventIndexPage",
        "events.CommunityIndexPage",
        "wishlists.WishListIndexPage",
    ]
    cache_max_age = 120

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at a URL with one lookup on its url_path, instead of a query (and
        another for its specific type) at every level. A URL that names no live page
        (a routable page's sub-route, a draft, a typo) takes Wagtail's usual walk."""
        if path_components:
            url_path = self.url_path + "".join(f"{part}/" for part in path_components)
            page = self.live_page_at(url_path, depth=self.depth + len(path_components))
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def live_page_at(self, url_path, depth):
        """The live page at url_path, in one query when its id and type are known from
        an earlier request under the same site token (moves, renames, unpublishing and
        deleting renew it; publishing another page need not, since the row read still
        has to be at url_path and live)."""
        key = f"home:route:{self.site_token_when_loaded}:{hashlib.sha256(url_path.encode()).hexdigest()[:40]}"
        known = cache.get(key) if is_shared() else None
        if known is not None:
            model = ContentType.objects.get_for_id(known[1]).model_class()
            page = model.objects.filter(pk=known[0], url_path=url_path).first() if model else None
            if page is not None and page.live:
                return page
        page = (
            Page.objects.filter(depth=depth, slug=url_path.split("/")[-2], url_path=url_path)
            .specific()
            .first()
        )
        if page is None or not page.live:
            return None
        if is_shared():
            cache.set(key, (page.pk, page.content_type_id), FRAGMENT_CACHE_SECONDS)
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            item.page.specific
            for item in self.featured_items.select_related("page").all()
            if item.page and item.page.live
        ]
        context["sections"] = render_sections(HOME_PAGE_SECTIONS, request, self)
        context["greeting"] = greeting(request)
        return context


def greeting(request):
    """What is next for the signed-in person (other apps fill it through
    HOME_GREETING_SECTIONS); None for an anonymous visitor, whose page may be cached."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    profile = ContributorProfile.of(user)
    return {
        "name": user.first_name or (profile.display_name if profile else ""),
        "items": render_sections(HOME_GREETING_SECTIONS, request, profile),
    }


class HomePageFeaturedItem(Orderable):
    page_owner = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    blurb = models.CharField(
        _("blurb"), max_length=250, blank=True, help_text=_("Leave empty to use the page's summary.")
    )

    panels = [PageChooserPanel("page"), FieldPanel("blurb")]


class StandardPage(BasePage):
    """A plain content page such as "About KMP" or "How rewards work"."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps may add to a page they explain, e.g. a worked example of rewards.
        context["sections"] = render_sections(STANDARD_PAGE_SECTIONS, request, self)
        return context
