"""A post's article, meta tags and related posts are kept as page fragments
(`{% pagecache %}`): every reader, signed in or not, sees a change at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.cache import renew_site_token

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"}


@pytest.fixture
def reader(client, make_user):
    """A signed-in reader: never given the anonymous page cache, so only fragments apply."""
    client.force_login(make_user())
    return client


@pytest.fixture
def author(make_profile):
    return make_profile(display_name="Amara Okafor")


@pytest.fixture
def posts(make_post, author):
    main = make_post(title="Main post", slug="main", topics=["tacit knowledge"], authors=[author])
    sibling = make_post(title="A sibling post", slug="sibling", topics=["tacit knowledge"])
    return main, sibling


def page_html(client, page):
    response = client.get(page.url, **BROWSER)
    assert response.status_code == 200
    return response.content.decode()


def main_content(html):
    """The page's main part; the comment form's CSRF token is masked anew on every render."""
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', main)


def test_a_repeated_render_reads_the_fragments_not_the_database(reader, posts):
    main, _ = posts
    first = page_html(reader, main)
    with CaptureQueriesContext(connection) as cached:
        second = page_html(reader, main)
    renew_site_token()
    with CaptureQueriesContext(connection) as fresh:
        third = page_html(reader, main)
    assert "A sibling post" in first and "Amara Okafor" in first
    assert main_content(second) == main_content(third) == main_content(first)
    assert len(cached) < len(fresh) - 5, ([q["sql"][:80] for q in cached], len(fresh))
    # Only the view counter still asks who wrote the post (authors are not counted).
    for table in ("taggit_tag", "blog_blogpostrelatedlink", "portal_portalrendition"):
        assert not any(table in q["sql"] for q in cached), table


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_a_published_edit_is_seen_at_once(client, make_user, posts, signed_in):
    if signed_in:
        client.force_login(make_user())
    main, _ = posts
    assert "Main post" in page_html(client, main)
    main.title = "Main post, revised"
    main.save_revision().publish()
    assert "Main post, revised" in page_html(client, main)


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_unpublishing_a_related_post_removes_it_from_every_post_listing_it(
    client, make_user, posts, signed_in
):
    if signed_in:
        client.force_login(make_user())
    main, sibling = posts
    assert "A sibling post" in page_html(client, main)
    assert "A sibling post" in page_html(client, main)  # served from the caches
    sibling.unpublish()
    assert "A sibling post" not in page_html(client, main)


def test_a_renamed_author_is_seen_on_their_posts(reader, posts, author):
    main, _ = posts
    assert "Amara Okafor" in page_html(reader, main)
    author.display_name = "Amara Okafor-Reid"
    author.save()
    assert "Amara Okafor-Reid" in page_html(reader, main)


def test_a_post_made_private_leaves_the_related_posts_of_others(client, posts):
    main, sibling = posts
    assert "A sibling post" in page_html(client, main)
    PageViewRestriction.objects.create(page=sibling, restriction_type=PageViewRestriction.LOGIN)
    assert "A sibling post" not in page_html(client, main)


def test_a_preview_shows_the_draft_not_the_cached_fragment(reader, posts):
    main, _ = posts
    assert "Main post" in page_html(reader, main)
    main.title = "An unpublished draft title"
    revision = main.save_revision()
    draft = revision.as_object()
    response = draft.make_preview_request()
    assert "An unpublished draft title" in response.content.decode()
    assert "An unpublished draft title" not in page_html(reader, main)
