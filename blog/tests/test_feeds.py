import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (the site's own feed)


@pytest.fixture
def posts(make_post, make_profile):
    amara = make_profile(display_name="Amara Okafor", slug="amara-okafor")
    li = make_profile(display_name="Li Wei", slug="li-wei")
    return [
        make_post(title="Six stages", authors=[amara], topics=["communities of practice"]),
        make_post(title="After-action reviews", authors=[li, amara], topics=["lessons learned"]),
        make_post(title="Unpublished", authors=[li], topics=["lessons learned"], live=False),
    ]


def test_rss_feed_is_valid_rss_with_absolute_links(client, posts):
    response = client.get("/blog/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    assert channel.findtext("link") == "http://testserver/blog/"
    assert channel.find(f"{ATOM}link").get("href") == "http://testserver/blog/feed/rss/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["After-action reviews", "Six stages"]
    for item in items:
        assert item.findtext("link").startswith("http://testserver/blog/")
        assert item.findtext("guid") == item.findtext("link")
        assert parsedate_to_datetime(item.findtext("pubDate"))
    first = items[0]
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Li Wei, Amara Okafor"
    assert [c.text for c in first.findall("category")] == ["lessons learned"]
    assert first.findtext("description") == "<p>What a community of practice learned in its first year.</p>"


def test_atom_feed_is_valid_atom_with_absolute_links(client, posts):
    response = client.get("/blog/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "http://testserver/blog/"
    assert feed.findtext(f"{ATOM}updated")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/blog/", "self": "http://testserver/blog/feed/atom/"}
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        # Atom requires an id, a title, an updated date and an author for every entry.
        assert entry.findtext(f"{ATOM}id").startswith("http://testserver/blog/")
        assert entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/blog/")
        assert entry.find(f"{ATOM}summary").get("type") == "html"
    single_author = [e for e in entries if e.findtext(f"{ATOM}title") == "Six stages"][0]
    assert single_author.findtext(f"{ATOM}author/{ATOM}uri") == "http://testserver/people/amara-okafor/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_feeds_carry_only_the_topic(client, posts, kind):
    feed = parse(client.get(f"/blog/feed/{kind}/?topic=lessons-learned"))
    if kind == "rss":
        channel = feed.find("channel")
        titles = [item.findtext("title") for item in channel.findall("item")]
        assert channel.findtext("link") == "http://testserver/blog/?topic=lessons-learned"
        assert "lessons learned" in channel.findtext("title")
    else:
        titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
            "http://testserver/blog/feed/atom/?topic=lessons-learned"
        )
    assert titles == ["After-action reviews"]


def test_author_feed(client, posts):
    channel = parse(client.get("/blog/author/amara-okafor/feed/rss/")).find("channel")
    assert {item.findtext("title") for item in channel.findall("item")} == {
        "Six stages",
        "After-action reviews",
    }
    assert "Amara Okafor" in channel.findtext("title")


def test_empty_blog_still_has_valid_feeds(client, blog_index):
    assert parse(client.get("/blog/feed/rss/")).find("channel").findall("item") == []
    assert parse(client.get("/blog/feed/atom/")).findall(f"{ATOM}entry") == []


def test_feed_is_limited_to_the_latest_twenty(client, make_post):
    for n in range(23):
        make_post(title=f"Post {n}")
    items = parse(client.get("/blog/feed/rss/")).find("channel").findall("item")
    assert len(items) == 20
    assert items[0].findtext("title") == "Post 22"


def test_feed_links_use_the_sites_https_root(client, posts, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["kmp.example"]
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "kmp.example", 443
    site.save()
    channel = parse(client.get("/blog/feed/rss/", headers={"host": "kmp.example"}, secure=True)).find(
        "channel"
    )
    assert channel.findtext("link") == "https://kmp.example/blog/"
    assert all(
        item.findtext("link").startswith("https://kmp.example/blog/") for item in channel.findall("item")
    )


def test_index_and_posts_advertise_the_feeds(client, posts):
    html = client.get("/blog/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/blog/feed/rss/"' in html
    assert 'type="application/atom+xml"' in html and 'href="/blog/feed/atom/"' in html
    topic_html = client.get("/blog/?topic=lessons-learned").content.decode()
    assert 'href="/blog/feed/rss/?topic=lessons-learned"' in topic_html
    post_html = client.get(posts[0].url).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in post_html
