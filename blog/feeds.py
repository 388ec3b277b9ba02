"""RSS 2.0 and Atom feeds of a blog's posts, for all posts, a topic or an author.

Items carry the summary rather than the whole post: reads on the site are what
count toward an author's reward."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.models import SiteSettings

from .models import FEED_ITEMS, with_listing_relations


class BlogPostFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, blog_index, posts, topic=None, author=None):
        super().__init__()
        self.blog_index = blog_index
        self.posts = posts
        self.topic = topic
        self.author = author

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def title(self):
        site_name = SiteSettings.for_request(self.request).site_name
        if self.topic:
            return _("%(site)s: posts on %(topic)s") % {"site": site_name, "topic": self.topic.name}
        if self.author:
            return _("%(site)s: posts by %(author)s") % {
                "site": site_name,
                "author": self.author.display_name,
            }
        return f"{site_name}: {self.blog_index.title}"

    def link(self):
        index = self.blog_index
        if self.topic:
            return index.topic_url(self.topic, self.request, full=True)
        if self.author:
            return index.get_route_url("author", self.request, full=True, author=self.author.slug)
        return index.get_full_url(self.request)

    def feed_url(self):
        return self.request.build_absolute_uri()

    def description(self):
        return self.blog_index.introduction or self.blog_index.search_description or self.title()

    def items(self):
        return with_listing_relations(self.posts[:FEED_ITEMS], images=False)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers treat the description as HTML, so plain text is escaped before the XML is written.
        return f"<p>{escape(item.summary or item.get_listing_summary())}</p>"

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if item.date and (published is None or timezone.localdate(published) != item.date):
            # A post dated by its editor (for example, moved from another blog) keeps that date.
            return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))
        return published

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return ", ".join(author.display_name for author in item.authors) or None

    def item_author_link(self, item):
        authors = item.authors
        if len(authors) == 1:
            return self.request.build_absolute_uri(authors[0].get_absolute_url())
        return None

    def item_categories(self, item):
        return [tag.name for tag in item.topic_tags]


class BlogPostRssFeed(BlogPostFeed):
    feed_type = Rss201rev2Feed


class BlogPostAtomFeed(BlogPostFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
