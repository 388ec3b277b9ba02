"""Topics are shown one way: `components/topic_list.html`, a list with an accessible label whose
links use the site's one topic-filter shape (`portal.topics`)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from taggit.models import Tag

from portal.topics import topic_filter_url

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TOPIC_LIST = TEMPLATES / "components" / "topic_list.html"


def test_every_topic_list_is_the_one_include():
    writers = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path != TOPIC_LIST and 'class="tags' in path.read_text()
    ]
    assert writers == []


def test_a_linked_topic_list_is_a_labelled_list_of_filter_links():
    topics = [Tag(name="Tacit knowledge", slug="tacit-knowledge"), Tag(name="Für alle", slug="für-alle")]
    html = render_to_string(
        "components/topic_list.html",
        {"topics": topics, "listing": "/courses/", "request": RequestFactory().get("/")},
    )
    assert html.startswith('<ul class="tags" aria-label="Topics">')
    assert html.count("<li>") == 2
    assert 'href="/courses/?topic=tacit-knowledge">Tacit knowledge</a>' in html
    assert 'href="/courses/?topic=f%C3%BCr-alle">Für alle</a>' in html


def test_an_unlinked_topic_list_names_its_topics_under_its_own_label():
    html = render_to_string(
        "components/topic_list.html",
        {
            "topics": [Tag(name="Facilitation", slug="facilitation")],
            "label": "Skills",
            "tag_class": "tag--skill",
        },
    )
    assert '<ul class="tags" aria-label="Skills">' in html
    assert '<span class="tag tag--skill">Facilitation</span>' in html and "href" not in html


def test_no_topics_is_no_list():
    assert render_to_string("components/topic_list.html", {"topics": []}).strip() == ""


def test_the_topic_filter_keeps_other_filters():
    assert topic_filter_url("/wish-lists/", "km", status="open") == "/wish-lists/?topic=km&status=open"
