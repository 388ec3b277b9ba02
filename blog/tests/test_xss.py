"""Script payloads in titles, summaries, rich text, topics and names stay inert on
the public pages, in the feeds and in the Wagtail admin."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.rich_text import RichText

from blog.models import BlogPostPage
from community.people import roles
from community.people.factories import ContributorProfileFactory

from .admin_forms import post_form_data, typed_rich_text

SCRIPT = '<script>alert("kmp")</script>'
IMG = '"><img src=x onerror=alert(1)>'
JS_LINK = '<a href="javascript:alert(2)">click me</a>'
TITLE = f"Tacit {SCRIPT} knowledge {IMG}"
RICH = f"<p>Before {SCRIPT} {IMG} {JS_LINK} <a href=' JaVaScRiPt:alert(3)'>spaced</a> after</p>"
ATOM = "{http://www.w3.org/2005/Atom}"


class ActiveContentFinder(HTMLParser):
    """Collects anything a browser would run: payload scripts, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                if value.strip().lower().replace("\t", "").startswith("javascript:"):
                    self.found.append(f"<{tag} {name}={value!r}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append(f"script: {data.strip()[:80]}")


def active_content(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


@pytest.fixture
def hostile_post(make_post, make_profile):
    """A post stored directly, as an import or a script would, bypassing the editor."""
    author = make_profile(display_name=f"Mallory {IMG}", slug="mallory", headline=SCRIPT, bio=IMG)
    return make_post(
        title=TITLE,
        slug="hostile",
        summary=f"Summary {SCRIPT} {IMG}",
        authors=[author],
        topics=[f"tacit {IMG}"],
        body=[
            ("heading", {"text": f"Heading {SCRIPT}", "level": "h2"}),
            ("paragraph", RichText(RICH)),
            ("quote", {"quote": f"Quote {IMG}", "attribution": SCRIPT}),
            ("code", {"language": "html", "caption": IMG, "code": f"</code></pre>{SCRIPT}"}),
            ("callout", {"tone": "tip", "title": SCRIPT, "text": RichText(RICH)}),
        ],
    )


def test_stored_rich_text_is_cleaned_on_save(hostile_post):
    saved = BlogPostPage.objects.get(pk=hostile_post.pk)
    source = saved.body[1].value.source
    assert "<script" not in source and "onerror" not in source and "javascript" not in source.lower()
    assert "click me" in source and "Before" in source and "after" in source
    assert "<script" not in saved.body[4].value["text"].source


@pytest.mark.parametrize(
    "url",
    ["/blog/hostile/", "/blog/", "/blog/author/mallory/", "/", "/people/mallory/"],
)
def test_payloads_are_inert_on_public_pages(client, hostile_post, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert active_content(html) == []
    assert SCRIPT not in html and IMG not in html


def test_payloads_are_inert_on_the_topic_page(client, hostile_post):
    [tag] = hostile_post.topic_tags
    response = client.get("/blog/", {"topic": tag.slug})
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


def test_payloads_are_shown_as_text(client, hostile_post):
    html = client.get("/blog/hostile/").content.decode()
    assert "Tacit &lt;script&gt;alert(&quot;kmp&quot;)&lt;/script&gt; knowledge" in html
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;" in html


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_payloads_are_inert_in_feeds(client, hostile_post, kind):
    response = client.get(f"/blog/feed/{kind}/")
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own feed)
    if kind == "rss":
        item = root.find("channel/item")
        title, description = item.findtext("title"), item.findtext("description")
        categories = [c.text for c in item.findall("category")]
    else:
        item = root.find(f"{ATOM}entry")
        title, description = item.findtext(f"{ATOM}title"), item.findtext(f"{ATOM}summary")
        categories = [c.get("term") for c in item.findall(f"{ATOM}category")]
    # Titles are plain text; the description is HTML in which the payload is only text.
    assert title == TITLE
    assert categories == [f"tacit {IMG}"]
    assert active_content(description) == []
    assert "&lt;script&gt;" in description
    # No element of the feed itself comes from a payload.
    assert {element.tag.split("}")[-1] for element in root.iter()} <= {
        "rss", "channel", "title", "link", "description", "language", "lastBuildDate", "item",
        "creator", "pubDate", "guid", "category", "feed", "id", "updated", "subtitle", "entry",
        "published", "author", "name", "uri", "summary",
    }  # fmt: skip


@pytest.fixture
def admin_posted(client, blog_index, make_user):
    """The same payloads typed into the Wagtail editor by a Blogger."""
    blogger = make_user(roles.BLOGGERS)
    profile = ContributorProfileFactory(user=blogger, display_name=f"Mallory {IMG}", slug="mallory")
    client.force_login(blogger)
    client.post(
        reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)),
        post_form_data(
            TITLE,
            [profile],
            body_contentstate=typed_rich_text(
                f"Typed {SCRIPT} {IMG} click me", link_text="click me", link_url="javascript:alert(2)"
            ),
            topics=f'"tacit {IMG}"',
            summary=f"{SCRIPT}{IMG}",
        ),
    )
    return BlogPostPage.objects.get(title=TITLE)


def test_editor_keeps_payloads_out_of_rich_text(admin_posted):
    source = admin_posted.get_latest_revision_as_object().body[1].value.source
    assert "&lt;script&gt;" in source and "click me" in source
    assert "<script" not in source and "<img" not in source and "javascript" not in source.lower()


@pytest.mark.parametrize("view", ["edit", "explore", "view_draft", "history", "search", "dashboard"])
def test_payloads_are_inert_in_the_admin(client, admin_posted, blog_index, make_user, view):
    client.force_login(make_user(roles.EDITORS))
    urls = {
        "edit": reverse("wagtailadmin_pages:edit", args=(admin_posted.pk,)),
        "explore": reverse("wagtailadmin_explore", args=(blog_index.pk,)),
        "view_draft": reverse("wagtailadmin_pages:view_draft", args=(admin_posted.pk,)),
        "history": reverse("wagtailadmin_pages:history", args=(admin_posted.pk,)),
        "search": reverse("wagtailadmin_pages:search") + "?q=Tacit",
        "dashboard": reverse("wagtailadmin_home"),
    }
    response = client.get(urls[view])
    assert response.status_code == 200
    html = response.content.decode()
    assert active_content(html) == []
    assert SCRIPT not in html and IMG not in html
