"""The one shape of a topic filter on the site: the listing's own address with `?topic=<slug>`.

The blog, the courses, the wish lists, the services and the contributor directory all filter
this way, so a topic link composes with a listing's other filters and its pages.
"""

from urllib.parse import urlencode

TOPIC_PARAMETER = "topic"


def topic_filter_url(listing_url, topic, **other_filters):
    """`/blog/?topic=tacit-knowledge`: the listing narrowed to a topic (a tag or its slug)."""
    slug = getattr(topic, "slug", topic)
    return f"{listing_url}?{urlencode({TOPIC_PARAMETER: slug, **other_filters})}"
