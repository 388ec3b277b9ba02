"""A blog topic is the site's one topic-filter shape, `/blog/?topic=<slug>`; the old
`/blog/topic/<slug>/` addresses (listing and feeds) answer with a permanent redirect to it."""

import pytest


@pytest.mark.parametrize(
    "old, new",
    [
        ("/blog/topic/tacit-knowledge/", "/blog/?topic=tacit-knowledge"),
        ("/blog/topic/tacit-knowledge/?page=2", "/blog/?topic=tacit-knowledge&page=2"),
        ("/blog/topic/tacit-knowledge/feed/rss/", "/blog/feed/rss/?topic=tacit-knowledge"),
        ("/blog/topic/tacit-knowledge/feed/atom/", "/blog/feed/atom/?topic=tacit-knowledge"),
        ("/blog/topic/wissen-f%C3%BCr-alle/", "/blog/?topic=wissen-f%C3%BCr-alle"),
    ],
)
def test_old_topic_addresses_move_permanently(client, make_post, old, new):
    make_post(topics=["tacit knowledge", "Wissen für alle"])
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_a_topic_listing_pages_within_its_topic(client, make_post, blog_index):
    blog_index.posts_per_page = 1
    blog_index.save()
    for number in range(2):
        make_post(title=f"On facilitation {number}", topics=["facilitation"])
    make_post(title="Elsewhere", topics=["taxonomy"])
    response = client.get("/blog/?topic=facilitation&page=2")
    assert [post.title for post in response.context["posts"]] == ["On facilitation 0"]
    assert response.context["canonical_url"] == "http://testserver/blog/?topic=facilitation&page=2"
    assert 'href="?topic=facilitation&amp;page=1"' in response.content.decode()
