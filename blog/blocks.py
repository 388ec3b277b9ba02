"""Blocks only blog posts need, on top of the site's base StreamBlock."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import BaseStreamBlock

CODE_LANGUAGES = [
    ("text", _("Plain text")),
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("sql", "SQL"),
    ("bash", _("Shell")),
    ("json", "JSON"),
    ("yaml", "YAML"),
]


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=CODE_LANGUAGES, default="text", label=_("Language"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("Caption"))
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        icon = "code"
        template = "blog/blocks/code_block.html"
        preview_value = {
            "language": "sql",
            "caption": "Posts per topic",
            "code": "SELECT topic, count(*) FROM posts GROUP BY topic;",
        }
        description = _("A listing of code or a query, shown in a fixed-width font.")
        form_classname = "code-block struct-block"


class BlogStreamBlock(BaseStreamBlock):
    code = CodeBlock()

    class Meta:
        template = "blocks/stream_block.html"
