"""Form data for the Wagtail page editor, as the browser would post it."""

from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def post_form_data(title, authors, body_html="<p>Knowledge flows through people.</p>", topics="", **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": fields.pop("summary", "What we learned."),
            "post_authors": inline_formset([{"author": author.pk} for author in authors]),
            "body": streamfield(
                [
                    ("heading", {"text": "What happened", "level": "h2"}),
                    ("paragraph", rich_text(body_html)),
                ]
            ),
            "topics": topics,
            "date": "",
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )
