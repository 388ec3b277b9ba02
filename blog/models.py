import math
import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable
from wagtail.search import index

from portal.blocks import readable_text
from portal.cache import cached, listings_token, site_token
from portal.models import BasePage
from portal.topics import TOPIC_PARAMETER, topic_filter_url

from .blocks import BlogStreamBlock
from .forms import BlogPostPageForm
from .rich_text import clean_stream_rich_text

WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Topic slugs may be accented (taggit keeps Unicode); anything else in a URL is not a slug.
SLUG = re.compile(r"[-\w]+")
# Rendition specs the listing and byline templates use, prefetched with their images.
CARD_IMAGE_SPEC = "fill-640x360"
AVATAR_SPEC = "fill-96x96"
FEED_ITEMS = 20
# Newest first: the post date (which an editor may set), then the first publication.
NEWEST_FIRST = (F("date").desc(nulls_last=True), "-first_published_at", "-pk")
TOPIC_FILTER_LIMIT = 30


def reading_minutes(stream_value):
    """Minutes an adult reader needs for the body's words, at least one."""
    text = " ".join(readable_text(stream_value.stream_block, stream_value))
    return max(1, math.ceil(len(WORD.findall(text)) / WORDS_PER_MINUTE))


def with_listing_relations(queryset, images=True):
    """Everything a post card (or, without images, a feed item) shows, in a fixed number of queries."""
    lookups = [
        Prefetch(
            "post_authors",
            queryset=BlogPostAuthor.objects.select_related("author").order_by("sort_order"),
        ),
        Prefetch("tagged_topics", queryset=BlogPostTopic.objects.select_related("tag").order_by("pk")),
    ]
    if images:
        with_renditions = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
        lookups += [
            Prefetch("hero_image", queryset=with_renditions),
            Prefetch("listing_image", queryset=with_renditions),
        ]
    return queryset.prefetch_related(*lookups)


RELATED_POSTS_CACHE_SECONDS = 60 * 60


class BlogIndexPage(RoutablePageMixin, BasePage):
    """The blog: every post, newest first, with topic and author filters and feeds."""

    introduction = models.TextField(_("introduction"), blank=True)
    posts_per_page = models.PositiveSmallIntegerField(
        _("posts per page"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("posts_per_page")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]

    class Meta:
        verbose_name = _("blog index page")

    # Posts and lookups

    def get_posts(self):
        return BlogPostPage.objects.live().public().child_of(self).order_by(*NEWEST_FIRST)

    def get_topic(self, slug):
        """The tag with this slug, if a live post of this blog uses it; else 404."""
        if not SLUG.fullmatch(slug):
            raise Http404("Not a topic")
        return get_object_or_404(
            Tag.objects.filter(blog_blogposttopic_items__content_object__in=self.get_posts()).distinct(),
            slug=slug,
        )

    def get_author(self, slug):
        from community.people.models import ContributorProfile

        if not SLUG.fullmatch(slug):
            raise Http404("Not a contributor")
        return get_object_or_404(ContributorProfile.objects.select_related("photo"), slug=slug)

    def get_topics(self):
        """The most used topics of live posts, for the filter bar."""
        popular = (
            Tag.objects.filter(blog_blogposttopic_items__content_object__in=self.get_posts())
            .annotate(post_count=Count("blog_blogposttopic_items"))
            .order_by("-post_count", "name")[:TOPIC_FILTER_LIMIT]
        )
        return sorted(popular, key=lambda tag: tag.name.lower())

    # URLs of the routes, for templates and feeds

    def get_route_url(self, name, request=None, full=False, **kwargs):
        base = self.get_full_url(request) if full else self.get_url(request)
        return base + self.reverse_subpage(name, kwargs=kwargs)

    def topic_url(self, tag, request=None, full=False):
        return topic_filter_url(self.get_full_url(request) if full else self.get_url(request), tag)

    def author_url(self, profile, request=None):
        return self.get_route_url("author", request, author=profile.slug)

    # Routes

    def filtered_posts(self, topic_slug=None, author_slug=None):
        """Live posts, narrowed to a topic or an author; 404 when either is unknown."""
        posts, topic, author = self.get_posts(), None, None
        if topic_slug is not None:
            topic = self.get_topic(topic_slug)
            posts = posts.filter(topics=topic)
        if author_slug is not None:
            author = self.get_author(author_slug)
            posts = posts.filter(post_authors__author=author).distinct()
        return posts, topic, author

    def feed_urls(self, request, topic=None, author=None):
        if topic:
            return [
                topic_filter_url(self.get_route_url(name, request), topic)
                for name in ("feed_rss", "feed_atom")
            ]
        if author:
            names, kwargs = ("author_feed_rss", "author_feed_atom"), {"author": author.slug}
        else:
            names, kwargs = ("feed_rss", "feed_atom"), {}
        return [self.get_route_url(name, request, **kwargs) for name in names]

    def render_listing(self, request, topic_slug=None, author_slug=None):
        posts, topic, author = self.filtered_posts(topic_slug, author_slug)
        page_obj = Paginator(posts, self.posts_per_page).get_page(request.GET.get("page"))
        page_obj.object_list = list(with_listing_relations(page_obj.object_list))
        feed_rss_url, feed_atom_url = self.feed_urls(request, topic, author)
        if topic:
            canonical_url = self.topic_url(topic, request, full=True)
            feed_title = _("Posts on %(topic)s") % {"topic": topic.name}
        elif author:
            canonical_url = self.get_route_url("author", request, full=True, author=author.slug)
            feed_title = _("Posts by %(author)s") % {"author": author.display_name}
        else:
            canonical_url, feed_title = self.get_full_url(request), self.title
        if page_obj.number > 1:
            canonical_url += f"{'&' if topic else '?'}page={page_obj.number}"
        return self.render(
            request,
            context_overrides={
                "canonical_url": canonical_url,
                "feed_title": feed_title,
                "page_obj": page_obj,
                "posts": page_obj.object_list,
                "topics": self.get_topics(),
                "active_topic": topic,
                "active_author": author,
                "feed_rss_url": feed_rss_url,
                "feed_atom_url": feed_atom_url,
                "extra_query": urlencode({TOPIC_PARAMETER: topic.slug}) if topic else "",
            },
        )

    def render_feed(self, request, feed_format, topic_slug=None, author_slug=None):
        from .feeds import BlogPostAtomFeed, BlogPostRssFeed

        posts, topic, author = self.filtered_posts(topic_slug, author_slug)
        feed_class = BlogPostAtomFeed if feed_format == "atom" else BlogPostRssFeed
        return feed_class(self, posts, topic=topic, author=author)(request)

    def requested_topic(self, request):
        return request.GET.get(TOPIC_PARAMETER) or None

    def moved_topic_filter(self, request, listing_url, slug):
        """The old `topic/<slug>/` shape, for a topic that exists, answers with its new address."""
        other = {name: value for name, value in request.GET.items() if name != TOPIC_PARAMETER}
        return HttpResponsePermanentRedirect(topic_filter_url(listing_url, self.get_topic(slug), **other))

    @path("", name="index")
    def index_route(self, request):
        return self.render_listing(request, topic_slug=self.requested_topic(request))

    @path("topic/<str:topic>/", name="topic")
    def topic_route(self, request, topic):
        return self.moved_topic_filter(request, self.get_url(request), topic)

    @path("author/<str:author>/", name="author")
    def author_route(self, request, author):
        return self.render_listing(request, author_slug=author)

    @path("feed/rss/", name="feed_rss")
    def feed_rss_route(self, request):
        return self.render_feed(request, "rss", topic_slug=self.requested_topic(request))

    @path("feed/atom/", name="feed_atom")
    def feed_atom_route(self, request):
        return self.render_feed(request, "atom", topic_slug=self.requested_topic(request))

    @path("topic/<str:topic>/feed/rss/", name="topic_feed_rss")
    def topic_feed_rss_route(self, request, topic):
        return self.moved_topic_filter(request, self.get_route_url("feed_rss", request), topic)

    @path("topic/<str:topic>/feed/atom/", name="topic_feed_atom")
    def topic_feed_atom_route(self, request, topic):
        return self.moved_topic_filter(request, self.get_route_url("feed_atom", request), topic)

    @path("author/<str:author>/feed/rss/", name="author_feed_rss")
    def author_feed_rss_route(self, request, author):
        return self.render_feed(request, "rss", author_slug=author)

    @path("author/<str:author>/feed/atom/", name="author_feed_atom")
    def author_feed_atom_route(self, request, author):
        return self.render_feed(request, "atom", author_slug=author)


class BlogPostTopic(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_topics")

    class Meta:
        verbose_name = _("blog post topic")
        verbose_name_plural = _("blog post topics")


class BlogPostPage(BasePage):
    """A post by one or more contributors, written in the editor and published by a moderator."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown under the title, in listings and in feeds."),
    )
    hero_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the post and on its card; 16:9 works best."),
    )
    date = models.DateField(
        _("post date"),
        null=True,
        blank=True,
        help_text=_("Shown on the post. Leave empty to use the day it is first published."),
    )
    body = StreamField(BlogStreamBlock(), verbose_name=_("body"))
    topics = ClusterTaggableManager(
        verbose_name=_("topics"),
        through=BlogPostTopic,
        blank=True,
        help_text=_("A few topics readers can follow, for example: lessons learned, tacit knowledge."),
    )
    reading_time = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1, editable=False)

    base_form_class = BlogPostPageForm
    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        InlinePanel("post_authors", label=_("Author"), heading=_("Authors"), min_num=1),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("date")],
            heading=_("Topics and date"),
        ),
        InlinePanel(
            "related_links",
            label=_("Related post"),
            heading=_("Related posts"),
            help_text=_("Shown first under the post; posts sharing its topics fill the rest."),
            max_num=6,
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields(
            "post_authors", [index.RelatedFields("author", [index.SearchField("display_name")])]
        ),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def clean(self):
        super().clean()
        self.prepare_derived_fields()

    def save(self, *args, **kwargs):
        self.prepare_derived_fields()
        return super().save(*args, **kwargs)

    def prepare_derived_fields(self):
        clean_stream_rich_text(self.body)
        self.reading_time = reading_minutes(self.body)
        if self.date is None and self.first_published_at:
            self.date = timezone.localdate(self.first_published_at)

    @property
    def display_date(self):
        if self.date:
            return self.date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @property
    def authors(self):
        """The post's contributor profiles in the editor's order."""
        return [link.author for link in self.post_authors.all() if link.author_id]

    @property
    def topic_tags(self):
        """The post's topics in the order the editor added them."""
        return [item.tag for item in self.tagged_topics.all()]

    def get_author_user_ids(self):
        return {
            link.author.user_id for link in self.post_authors.select_related("author") if link.author.user_id
        }

    def get_listing_summary(self):
        return self.listing_summary or self.summary or self.search_description

    def get_listing_image(self):
        return self.listing_image or self.hero_image

    def get_social_image(self):
        return self.social_image or self.hero_image

    @cached_property
    def blog_index(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_related_posts(self, limit=3, topics=None):
        """Editor-chosen posts first, then the posts sharing most topics, newest first.
        The ranking is kept in the cache until the site token (a page unpublished,
        moved, deleted or made private) or the listings token (any page published) is
        renewed: portal.cache."""
        ordered_ids = cached(
            f"blog:related:{site_token()}:{listings_token()}:{self.pk}:{limit}",
            lambda: self.rank_related_post_ids(limit, topics),
            RELATED_POSTS_CACHE_SECONDS,
        )
        if not ordered_ids:
            return []
        posts = with_listing_relations(BlogPostPage.objects.filter(pk__in=ordered_ids)).in_bulk()
        return [posts[pk] for pk in ordered_ids if pk in posts and posts[pk].live]

    def rank_related_post_ids(self, limit, topics=None):
        live = BlogPostPage.objects.live().public().exclude(pk=self.pk)
        chosen_ids = [link.post_id for link in self.related_links.all() if link.post_id]
        live_chosen = (
            set(live.filter(pk__in=chosen_ids).values_list("pk", flat=True)) if chosen_ids else set()
        )
        ordered_ids = [pk for pk in dict.fromkeys(chosen_ids) if pk in live_chosen][:limit]
        topic_ids = [tag.pk for tag in (self.topic_tags if topics is None else topics)]
        if len(ordered_ids) < limit and topic_ids:
            by_topic = (
                live.exclude(pk__in=ordered_ids)
                .filter(tagged_topics__tag_id__in=topic_ids)
                .annotate(shared_topics=Count("tagged_topics"))
                .order_by("-shared_topics", *NEWEST_FIRST)
                .values_list("pk", flat=True)
            )
            ordered_ids += list(by_topic[: limit - len(ordered_ids)])
        return ordered_ids

    def get_context(self, request, *args, **kwargs):
        """Everything below is lazy: the template's page fragments are cached
        (`{% pagecache %}`), and on a hit none of it is read."""
        context = super().get_context(request, *args, **kwargs)
        context["post_authors"] = SimpleLazyObject(self.get_post_authors)
        context["post_topics"] = topics = SimpleLazyObject(
            lambda: [item.tag for item in self.tagged_topics.all().select_related("tag").order_by("pk")]
        )
        context["related_posts"] = SimpleLazyObject(lambda: self.get_related_posts(topics=topics))
        context["blog_index"] = SimpleLazyObject(lambda: self.blog_index)
        context["feed_rss_url"] = SimpleLazyObject(lambda: self.get_feed_rss_url(request))
        return context

    def get_post_authors(self):
        images = get_image_model().objects.prefetch_renditions(AVATAR_SPEC)
        return [
            link.author
            for link in self.post_authors.all().prefetch_related(Prefetch("author__photo", queryset=images))
            if link.author_id
        ]

    def get_feed_rss_url(self, request):
        blog_index = self.blog_index
        if isinstance(blog_index, BlogIndexPage):
            return blog_index.get_route_url("feed_rss", request)
        return ""


class BlogPostAuthor(Orderable):
    """One author of a post; the first listed is the lead author."""

    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("author"),
        # A contributor with posts keeps their profile: readers of the posts count toward their reward.
        on_delete=models.PROTECT,
        related_name="blog_post_links",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("post author")
        verbose_name_plural = _("post authors")

    def __str__(self):
        return str(self.author)


class BlogPostRelatedLink(Orderable):
    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="related_links")
    post = models.ForeignKey(
        BlogPostPage,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("post", "blog.BlogPostPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related post")
        verbose_name_plural = _("related posts")
