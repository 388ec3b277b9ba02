"""The one base StreamBlock every app's body reuses."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.field_block import BaseChoiceBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "hr", "blockquote", "code"]


def readable_text(block, value):
    """The text a reader reads in a block's value, in order. A choice (a heading's level,
    a callout's tone) is a setting, not text; a struct whose value is not a mapping
    (ImageBlock's value is the image) says itself what it shows."""
    if value is None or not getattr(block, "search_index", True) or isinstance(block, BaseChoiceBlock):
        return []
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in readable_text(child.block, child.value)]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in readable_text(block.child_block, item)]
    if isinstance(block, blocks.StructBlock) and isinstance(value, Mapping):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in readable_text(child, value.get(name))
        ]
    return block.get_searchable_content(value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why communities of practice matter", "level": "h2"}
        description = _("A section heading that also appears in the page outline.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    attribution = blocks.CharBlock(required=False, max_length=250, label=_("Credit"))

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        preview_value = {"caption": "A community of practice meeting", "attribution": "KMP"}
        description = _("An image with an optional caption and credit line.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "We know more than we can tell.",
            "attribution": "Michael Polanyi",
        }
        description = _("A pull quote with its source.")


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
        label=_("Tone"),
    )
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        preview_value = {
            "tone": "tip",
            "title": "Try this",
            "text": "<p>Run an after-action review within a week of the event.</p>",
        }
        description = _("A highlighted box for a note, tip or warning.")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        preview_value="<p>Knowledge management helps people find, share and reuse what they know.</p>",
        description=_("Rich text: paragraphs, lists, links and sub-headings."),
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        icon="media",
        template="blocks/embed_block.html",
        preview_value="https://www.youtube.com/watch?v=mSGL5ZpYf4k",
        description=_("A video or other media from a URL (YouTube, Vimeo, ...)."),
        max_width=960,
    )
    callout = CalloutBlock()

    class Meta:
        template = "blocks/stream_block.html"

    def get_searchable_content(self, value):
        # Search indexes, and snippets show, what a reader reads.
        return readable_text(self, value)
