"""Form data for the Wagtail page editor, as the browser would post it."""

import json

from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def post_form_data(
    title,
    authors,
    body_html="<p>Knowledge flows through people.</p>",
    topics="",
    body_contentstate=None,
    **fields,
):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": fields.pop("summary", "What we learned."),
            "post_authors": inline_formset([{"author": author.pk} for author in authors]),
            "body": streamfield(
                [
                    ("heading", {"text": "What happened", "level": "h2"}),
                    ("paragraph", body_contentstate or rich_text(body_html)),
                ]
            ),
            "topics": topics,
            "date": "",
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def typed_rich_text(text, link_text=None, link_url=None):
    """Draftail's contentstate for a paragraph typed by hand, with an optional link."""
    entity_ranges, entity_map = [], {}
    if link_text:
        entity_ranges = [{"offset": text.index(link_text), "length": len(link_text), "key": 0}]
        entity_map = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link_url}}}
    block = {
        "key": "typed",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": entity_ranges,
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entity_map})
