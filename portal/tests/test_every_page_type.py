"""Every block and every page type through the real editor.

Blocks and page types are found from the models (portal/tests/editor_forms.py), so one
added later is swept without touching this file. Each page type is created with the
Wagtail admin add view from complete form data (every field, every block, choosers,
nested lists and structs), saved as a draft, autosaved, previewed, published, and then
read live, in its listing, in the feeds the pages point to, and in search results.

One seeded page tree per process and module (rolled back at the end), so it stays fast."""

import html
import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django import forms
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import override_settings
from django.test.client import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.embeds.finders import get_finders
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site, get_page_models
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html

from community.people.factories import ContributorProfileFactory, UserFactory
from portal.blocks import readable_text

from .editor_forms import FormFiller, UnknownType, block_cases, stream_fields, walk_blocks

pytestmark = pytest.mark.django_db
PAGE_MODELS = [model for model in get_page_models() if model.is_creatable]
BLOCK_CASES = block_cases()
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "text/calendar")


def event_form():
    """An event's times must agree with its rule; everything else is filled generically."""
    start = (timezone.now() + timedelta(days=8)).replace(hour=10, minute=0, second=0, microsecond=0)
    moved = start + timedelta(days=7)
    return {
        "time_zone": "Europe/Berlin",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "recurrence": "FREQ=WEEKLY;COUNT=6",
        "attendance_mode": "hybrid",
        "occurrence_changes": {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
            "0": {
                "original_start": moved.strftime("%Y-%m-%d %H:%M"),
                "cancelled": "",
                "new_start": (moved + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
                "new_end": (moved + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
                "note": "Moved to the afternoon this week.",
                "ORDER": "0",
                "DELETE": "",
            },
        },
    }


# Fields whose valid values depend on each other; keyed by page model label.
OVERRIDES = {"events.EventPage": event_form}


def page_factories():
    """The page factory of each page model, from every app's factories module."""
    from importlib import import_module

    found = {}
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, wagtail_factories.PageFactory):
                model = value._meta.model
                if model is not None and model is not Page:
                    found.setdefault(model, value)
    return found


def build_seed():
    """Users, an image, a document and one live page of every page type, built by each
    type's factory under the first parent the page tree allows."""
    superuser = UserFactory(is_superuser=True, is_staff=True, email="sweep-admin@example.com")
    profile = ContributorProfileFactory(display_name="Sweep Contributor")
    buffer = io.BytesIO()
    from PIL import Image as PILImage

    PILImage.new("RGB", (320, 180), (11, 93, 87)).save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Sweep image", alt_text="Sweep image alt", file=ImageFile(buffer, name="sweep.png")
    )
    document = get_document_model().objects.create(
        title="Sweep document", file=ContentFile(b"Sweep document text", name="sweep.txt")
    )

    factories = page_factories()
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).update(slug="old-welcome")
    pages, queue = {}, [root]
    while queue:
        parent = queue.pop(0)
        for model in parent.specific_class.allowed_subpage_models():
            if model in pages or not model.is_creatable or model not in factories:
                continue
            pages[model] = page = factories[model](parent=parent)
            queue.append(page)
            if parent.is_root():
                # The new home page is the site's root, in place of Wagtail's welcome page.
                Site.objects.filter(is_default_site=True).update(
                    root_page=page, hostname="testserver", port=80
                )
                Page.objects.filter(depth=2).exclude(pk=page.pk).delete()
    return {
        "superuser": superuser,
        "profile": profile,
        "image": image,
        "document": document,
        "pages": pages,
        "factories": factories,
    }


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker):
    finders = [{"class": "portal.tests.editor_forms.OfflineEmbedFinder"}]
    with django_db_blocker.unblock(), override_settings(WAGTAILEMBEDS_FINDERS=finders):
        get_finders.cache_clear()
        with transaction.atomic():
            yield build_seed()
            transaction.set_rollback(True)
    get_finders.cache_clear()


def label(model):
    return model._meta.label


def form_errors(response):
    """Every error of an admin form, stream block errors included, as text."""
    form = response.context.get("form") if response.context else None
    if form is None:
        return response.content.decode()[:3000]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for name, field_errors in form.errors.as_data().items():
        for error in field_errors:
            block_errors = getattr(error, "block_errors", None)
            if block_errors:
                errors[f"{name} blocks"] = repr(block_errors)
    for name, formset in form.formsets.items():
        for index, child in enumerate(formset.forms):
            for field, messages in child.errors.items():
                errors[f"{name}-{index}-{field}"] = list(messages)
        if formset.non_form_errors():
            errors[name] = list(formset.non_form_errors())
    return errors


def block_texts(page):
    """The text a reader reads in every StreamField of the page."""
    return [
        text
        for field in page._meta.get_fields()
        if isinstance(field, StreamField)
        for text in readable_text(field.stream_block, getattr(page, field.name))
    ]


def shown_title(page):
    """The title a reader sees at least in the window title (a home page shows its hero instead)."""
    return page.seo_title or page.title


def assert_shows(content, texts, where):
    shown = html.unescape(content)
    missing = [text for text in texts if text not in shown]
    assert not missing, f"{where} does not show {missing}"


def assert_no_choices(text, choices, where):
    for key, choice_label in choices:
        for word in {key, choice_label}:
            assert not re.search(rf"\b{re.escape(word)}\b", text), f"{where} shows the choice {word!r}"


def edit_form_data(client, edit_url, data):
    """What the edit form posts: its own inline rows (with their ids), and the rest as
    the editor typed it on the add form."""
    response = client.get(edit_url)
    assert response.status_code == 200
    posted = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    rows = tuple(f"{name}-" for name in response.context["form"].formsets)
    for key, value in data.items():
        if not key.startswith(rows):
            posted[key] = value
    return posted


def serving_site(page):
    """The page as its site serves it, and the request headers for that site; a second
    site root gets a site of its own."""
    if page.get_url_parts() is None:
        Site.objects.create(hostname="testserver", port=8081, root_page=page)
        Site.clear_site_root_paths_cache()
        page = type(page).objects.get(pk=page.pk)
    root_url = urlsplit(page.get_url_parts()[1])
    return page, {"HTTP_HOST": root_url.netloc, "SERVER_PORT": str(root_url.port or 80)}


def feed_urls(content):
    soup = BeautifulSoup(content, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", rel="alternate") if link.get("type") in FEED_TYPES]
    urls += [a["href"] for a in soup.find_all("a", href=True) if urlsplit(a["href"]).path.endswith(".ics")]
    return sorted({urlsplit(url).path for url in urls if not url.startswith("webcal:")})


# Blocks


def test_the_sweep_knows_every_block(seed):
    """Every block of every StreamField can be filled; counted for the closing note."""
    filler = FormFiller(seed)
    definitions = [
        (path, block)
        for model, field in stream_fields()
        for path, block in walk_blocks(field.stream_block, f"{label(model)}.{field.name}")
    ]
    for path, block in definitions:
        filler.block(block, path)
    assert len(stream_fields()) >= 8
    assert len(filler.block_types) >= 20, sorted(filler.block_types)


def test_an_unknown_block_type_fails_loudly(seed):
    class ColourBlock(blocks.FieldBlock):
        field = forms.CharField()

    stream = blocks.StreamBlock([("heading", blocks.CharBlock()), ("colour", ColourBlock())])
    with pytest.raises(UnknownType, match="body.colour: no form value for .*ColourBlock"):
        FormFiller(seed).block(stream, "body")


def test_the_sweep_fills_choosers_and_nesting_the_project_may_add(seed):
    """Blocks no StreamField uses yet are filled with values their own clean() accepts."""
    from wagtail.documents.blocks import DocumentChooserBlock
    from wagtail.snippets.blocks import SnippetChooserBlock

    link = blocks.StructBlock(
        [("post", blocks.PageChooserBlock(page_type="blog.BlogPostPage")), ("label", blocks.CharBlock())]
    )
    inner = blocks.StreamBlock([("when", blocks.DateBlock()), ("mail", blocks.EmailBlock())])
    stream = blocks.StreamBlock(
        [
            ("page", blocks.PageChooserBlock()),
            ("document", DocumentChooserBlock()),
            ("person", SnippetChooserBlock("people.ContributorProfile")),
            ("links", blocks.StructBlock([("items", blocks.ListBlock(link)), ("inner", inner)])),
        ]
    )
    filler = FormFiller(seed)
    data = nested_form_data({"body": filler.stream(stream, "body")})
    page, document, person, links = stream.clean(stream.value_from_datadict(data, {}, "body"))
    assert page.value.live and document.value == seed["document"] and person.value.pk
    assert [type(item["post"].specific).__name__ for item in links.value["items"]] == ["BlogPostPage"] * 2
    assert [child.block_type for child in links.value["inner"]] == ["when", "mail"]


@pytest.mark.parametrize(
    ("stream_block", "name"), [case[1:] for case in BLOCK_CASES], ids=[case[0] for case in BLOCK_CASES]
)
def test_every_block_saves_renders_and_is_indexed_as_read(seed, stream_block, name):
    filler = FormFiller(seed)
    data = nested_form_data({"body": filler.stream(stream_block, "body", only=name)})
    value = stream_block.clean(stream_block.value_from_datadict(data, {}, "body"))
    value = stream_block.to_python(stream_block.get_prep_value(value))
    [child] = list(value)
    assert child.block_type == name

    request = RequestFactory().get("/")
    request.user = seed["superuser"]
    page = seed["pages"][next(iter(seed["pages"]))]
    rendered = str(stream_block.render(value, context={"page": page, "self": page, "request": request}))
    assert_shows(rendered, filler.texts, f"the {name} block")

    read = readable_text(stream_block, value)
    assert sorted(read) == sorted(filler.texts)
    indexed = stream_block.get_searchable_content(value)
    assert sorted(indexed) == sorted(filler.texts)
    assert_no_choices(" ".join(indexed), filler.choices, f"the index of the {name} block")


# Page types


def parent_for(seed, page_model):
    for model in page_model.allowed_parent_page_models():
        if model is Page:
            return Page.get_first_root_node()
        if model in seed["pages"]:
            return seed["pages"][model]
    pytest.fail(f"No seeded parent for {label(page_model)}: give a parent type a factory")


@pytest.mark.parametrize("page_model", PAGE_MODELS, ids=label)
def test_every_page_type_through_the_admin(seed, page_model, client, monkeypatch):
    superuser = seed["superuser"]
    client.force_login(superuser)
    parent = parent_for(seed, page_model)
    if page_model.max_count and page_model.objects.count() >= page_model.max_count:
        # A page type that exists once is created beside the seeded one; the rule itself
        # is tested with each app.
        monkeypatch.setattr(page_model, "max_count", None)
    meta = page_model._meta
    add_url = reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))
    assert client.get(add_url).status_code == 200

    filler = FormFiller(seed)
    data = nested_form_data(filler.page_form(page_model, parent, superuser, OVERRIDES))
    response = client.post(add_url, data)
    assert response.status_code == 302, form_errors(response)
    monkeypatch.undo()
    page = page_model.objects.get(slug=data["slug"])
    assert not page.live

    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = edit_form_data(client, edit_url, data)
    autosave = client.post(edit_url, data, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and autosave.json()["success"], autosave.content[:2000]

    draft = page.get_latest_revision_as_object()
    texts = block_texts(draft)
    if any(field.model is page_model for _model, field in stream_fields()):
        assert texts, "the page has no block text"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    assert client.post(preview_url, data).json()["is_valid"]
    for mode, _name in page.preview_modes:
        preview = client.get(preview_url, {"mode": mode})
        assert preview.status_code == 200, f"preview mode {mode!r}"
        assert_shows(preview.content.decode(), [shown_title(page), *texts], f"preview {mode!r}")

    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, form_errors(response)
    page = page_model.objects.get(pk=page.pk)
    assert page.live

    page, host = serving_site(page)
    live = client.get(page.get_url(), **host)
    assert live.status_code == 200
    content = live.content.decode()
    assert_shows(content, [shown_title(page), *texts], "the live page")

    client.logout()
    anonymous = client.get(page.get_url(), **host)
    assert anonymous.status_code in (200, 403), anonymous.status_code  # 403: a locked lesson
    client.force_login(superuser)

    pages_read = [content]
    if not parent.is_root():
        listing = client.get(parent.get_url(), **host)
        assert listing.status_code == 200
        assert_shows(listing.content.decode(), [page.title], f"the listing {parent.get_url()}")
        pages_read.append(listing.content.decode())

    feeds = sorted({url for read in pages_read for url in feed_urls(read)})
    bodies = []
    for url in feeds:
        feed = client.get(url, **host)
        assert feed.status_code == 200, url
        bodies.append(feed.content.decode())
    if feeds:
        assert any(page.title in body for body in bodies), f"{page.title} is in none of {feeds}"

    from search.highlight import indexed_text

    assert_no_choices(indexed_text(page), filler.choices, "the search index")
    word = page.title.split()[0]
    results = client.get("/search/", {"q": word})
    assert results.status_code == 200
    titles = [strip_tags(result["title"]) for result in results.context.get("results", [])]
    if page_model.max_count == 1:
        assert page.title not in titles  # navigation, not a result
    else:
        assert titles == [page.title]
        [result] = results.context["results"]
        assert_no_choices(strip_tags(str(result["snippet"])), filler.choices, "the search snippet")
