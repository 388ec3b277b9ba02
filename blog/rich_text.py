"""Rich text cleaning for posts saved outside the editor (imports, scripts, the API).

Wagtail's editor already whitelists what it saves, but its renderer trusts the
database, so a post stored by other means is cleaned to the same features."""

import nh3
from wagtail.blocks import StreamValue, StructValue
from wagtail.rich_text import RichText

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ol",
    "ul",
    "li",
    "hr",
    "blockquote",
    "code",
}
# linktype/id are Wagtail's database form of links to pages and documents.
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _cleaned(value):
    if isinstance(value, RichText):
        cleaned = clean_rich_text_html(value.source)
        return RichText(cleaned) if cleaned != value.source else value
    if isinstance(value, StructValue):
        for name, child in value.items():
            value[name] = _cleaned(child)
        return value
    if isinstance(value, StreamValue):
        clean_stream_rich_text(value)
    return value


def clean_stream_rich_text(stream_value):
    """Clean every rich text value in a StreamField value, in place."""
    for child in stream_value:
        child.value = _cleaned(child.value)
    return stream_value
