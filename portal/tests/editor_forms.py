"""Admin form data for every block and every page type, built from their definitions.

A block or form field added later is filled automatically when its type is one this
module knows; an unknown type raises UnknownType, so nothing is ever skipped quietly."""

import itertools
import uuid
from datetime import timedelta

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.text import slugify
from taggit.forms import TagField
from wagtail import blocks
from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from portal.menus import MenuAddressBlock

EMBED_URL_PREFIX = "https://video.example/"
# Wagtail's own editor-only parts: comments need the JS editor's content paths, and
# scheduled publishing would keep the page from going live.
LEFT_EMPTY = {"comments", "go_live_at", "expire_at"}


class UnknownType(Exception):
    """The sweep does not know how to fill this block or field: teach portal/tests/editor_forms.py."""


class OfflineEmbedFinder(EmbedFinder):
    """Answers for EMBED_URL_PREFIX addresses without the network, as oEmbed would."""

    def accept(self, url):
        return url.startswith(EMBED_URL_PREFIX)

    def find_embed(self, url, max_width=None, max_height=None):
        name = url.removeprefix(EMBED_URL_PREFIX)
        return {
            "title": f"Video {name}",
            "author_name": "KMP",
            "provider_name": "Video Example",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": f'<iframe src="{url}" title="Video {name}" width="640" height="360"></iframe>',
        }


def stream_fields():
    """(model, field) for every StreamField of every installed model."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField) and field.model is model
    ]


def walk_blocks(block, path):
    """(path, block) for a block and everything nested in it."""
    yield path, block
    if isinstance(block, blocks.ListBlock):
        yield from walk_blocks(block.child_block, f"{path}.item")
    elif isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from walk_blocks(child, f"{path}.{name}")


def block_cases():
    """(label, stream block, child name) for every top-level block of every StreamField."""
    return [
        (f"{model._meta.label}.{field.name}.{name}", field.stream_block, name)
        for model, field in stream_fields()
        for name in field.stream_block.child_blocks
    ]


def clamp(value, low=None, high=None):
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value


class FormFiller:
    """Form data for blocks and admin forms, with the text and choices it wrote.

    `seed` names what choosers pick: an image, a document and live pages."""

    def __init__(self, seed):
        self.seed = seed
        self.counter = itertools.count(1)
        self.texts = []  # every word-bearing value written, to find on the page
        self.choices = []  # (value, label) of every block choice made: never indexed
        self.block_types = set()

    def token(self, path):
        """A distinctive word and the path it fills, e.g. "Sw17 body heading text"."""
        words = " ".join(part for part in path.replace("_", " ").split(".") if part and part != "item")
        return f"Sw{next(self.counter)} {words}"

    def text(self, path, max_length=None):
        value = self.token(path)[: max_length or None].strip()
        self.texts.append(value)
        return value

    # Blocks

    def block(self, block, path):
        for cls in type(block).__mro__:
            fill = BLOCK_FILLERS.get(cls)
            if fill is not None:
                self.block_types.add(f"{type(block).__module__}.{type(block).__qualname__}")
                return fill(self, block, path)
        raise UnknownType(f"{path}: no form value for {type(block).__module__}.{type(block).__qualname__}")

    def stream(self, block, path, only=None):
        names = [only] if only else list(block.child_blocks)
        return streamfield([(name, self.block(block.child_blocks[name], f"{path}.{name}")) for name in names])

    def struct(self, block, path):
        return {name: self.block(child, f"{path}.{name}") for name, child in block.child_blocks.items()}

    def list(self, block, path):
        items = {
            str(index): {
                "value": self.block(block.child_block, f"{path}.item"),
                "deleted": "",
                "order": str(index),
                "id": str(uuid.uuid4()),
            }
            for index in range(2)
        }
        return {"count": str(len(items)), **items}

    def char(self, block, path):
        return self.text(path, getattr(block.field, "max_length", None))

    def rich_text(self, block, path):
        return rich_text(f"<p>{self.text(path)}</p>", editor=block.editor, features=block.features)

    def choice(self, block, path):
        options = [(key, label) for key, label in block.field.choices if key not in ("", None)]
        key, label = options[-1]  # the last one, so that a default is never what is tested
        self.choices.append((str(key), str(label)))
        if isinstance(block, blocks.MultipleChoiceBlock):
            return (str(key),)
        return str(key)

    def number(self, block, path):
        field = block.field
        return str(clamp(7, getattr(field, "min_value", None), getattr(field, "max_value", None)))

    def address(self, path):
        """A slug for a URL or an email address: not text a reader reads."""
        return slugify(self.token(path))

    def embed(self, block, path):
        return EMBED_URL_PREFIX + self.address(path)

    def page_chooser(self, block, path):
        target_models = block.target_models or [Page]
        page = Page.objects.type(*target_models).live().filter(depth__gt=1).first()
        if page is None:
            raise UnknownType(f"{path}: the seed has no live {target_models} to choose")
        return str(page.pk)

    def snippet_chooser(self, block, path):
        return str(self.instance_of(block.target_model, path).pk)

    def instance_of(self, model, path):
        instance = model._default_manager.first()
        if instance is None:
            raise UnknownType(f"{path}: the seed has no {model._meta.label} to choose")
        return instance

    # Admin forms

    def page_form(self, page_model, parent, user, overrides=None):
        """POST data for the admin add form of page_model under parent."""
        label = page_model._meta.label
        form_class = page_model.get_edit_handler().get_form_class()
        form = form_class(instance=page_model(), parent_page=parent, for_user=user)
        title = self.text(f"{page_model.__name__}")
        data = {"title": title, "slug": slugify(title)}
        for name, field in form.fields.items():
            if name not in data and name not in LEFT_EMPTY:
                data[name] = self.form_field(field, f"{label}.{name}")
        for name, formset in form.formsets.items():
            count = max(formset.min_num, 0 if name in LEFT_EMPTY else 1)
            rows = [
                {
                    field_name: self.form_field(field, f"{label}.{name}.{field_name}")
                    for field_name, field in formset.form.base_fields.items()
                    if field_name not in ("id", "ORDER", "DELETE")
                }
                for _ in range(count)
            ]
            data[name] = inline_formset(rows, min=formset.min_num, max=formset.max_num)
        data.update((overrides or {}).get(label, lambda: {})())
        return data

    def form_field(self, field, path):
        from wagtail.blocks.base import BlockField

        if isinstance(field, BlockField):
            return self.stream(field.block, path)
        if isinstance(field, forms.ModelChoiceField):
            queryset = field.queryset
            if isinstance(field.widget, AdminPageChooser) or issubclass(queryset.model, Page):
                queryset = queryset.filter(depth__gt=1, live=True)
            instance = queryset.first()
            if instance is None:
                raise UnknownType(f"{path}: the seed has no {queryset.model._meta.label} to choose")
            return str(instance.pk)
        if isinstance(field, TagField):
            return f"sweep topic, {self.address(path)}"
        if isinstance(field, forms.BooleanField):
            return "on"
        if isinstance(field, forms.ChoiceField) or hasattr(field.widget, "choices") and field.widget.choices:
            choices = field.choices if hasattr(field, "choices") else field.widget.choices
            return next(str(key) for key, _label in choices if key not in ("", None))
        if isinstance(field, forms.DateTimeField):
            return (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
        if isinstance(field, forms.DateField):
            return timezone.localdate().isoformat()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            return str(clamp(5, field.min_value, field.max_value))
        if isinstance(field, forms.URLField):
            return f"https://example.com/{self.address(path)}"
        if isinstance(field, forms.EmailField):
            return f"{self.address(path)}@example.com"
        if isinstance(field, forms.SlugField):
            return self.address(path)
        if type(field) is forms.CharField:
            return self.text(path, field.max_length)
        raise UnknownType(f"{path}: no form value for {type(field).__module__}.{type(field).__qualname__}")


BLOCK_FILLERS = {
    blocks.StreamBlock: FormFiller.stream,
    blocks.StructBlock: FormFiller.struct,
    blocks.ListBlock: FormFiller.list,
    blocks.CharBlock: FormFiller.char,
    blocks.TextBlock: FormFiller.char,
    blocks.RichTextBlock: FormFiller.rich_text,
    blocks.RawHTMLBlock: lambda filler, block, path: f"<p>{filler.text(path)}</p>",
    blocks.URLBlock: lambda filler, block, path: f"https://example.com/{filler.address(path)}",
    MenuAddressBlock: lambda filler, block, path: f"/{filler.address(path)}/",
    blocks.EmailBlock: lambda filler, block, path: f"{filler.address(path)}@example.com",
    blocks.ChoiceBlock: FormFiller.choice,
    blocks.MultipleChoiceBlock: FormFiller.choice,
    blocks.IntegerBlock: FormFiller.number,
    blocks.FloatBlock: FormFiller.number,
    blocks.DecimalBlock: FormFiller.number,
    # False: an ImageBlock marked decorative would drop the alt text the sweep looks for.
    blocks.BooleanBlock: lambda filler, block, path: "",
    blocks.DateBlock: lambda filler, block, path: timezone.localdate().isoformat(),
    blocks.TimeBlock: lambda filler, block, path: "10:30",
    blocks.DateTimeBlock: lambda filler, block, path: timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    blocks.StaticBlock: lambda filler, block, path: "",
    EmbedBlock: FormFiller.embed,
    ImageChooserBlock: lambda filler, block, path: str(filler.seed["image"].pk),
    DocumentChooserBlock: lambda filler, block, path: str(filler.seed["document"].pk),
    blocks.PageChooserBlock: FormFiller.page_chooser,
    SnippetChooserBlock: FormFiller.snippet_chooser,
}
