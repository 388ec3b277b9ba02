import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from blog.models import BlogIndexPage, BlogPostPage, BlogPostRelatedLink, reading_minutes
from home.models import HomePage, StandardPage


def test_page_tree_rules(home_page):
    assert BlogIndexPage.can_create_at(home_page)
    assert not BlogIndexPage.can_create_at(Page.get_first_root_node())
    assert BlogPostPage.parent_page_types == ["blog.BlogIndexPage"]
    assert BlogPostPage.allowed_subpage_models() == []
    assert "blog.BlogIndexPage" in HomePage.subpage_types
    assert BlogIndexPage.allowed_subpage_models() == [BlogPostPage]
    assert not BlogPostPage.can_create_at(home_page)
    assert StandardPage not in BlogIndexPage.allowed_subpage_models()


def test_only_one_blog_index(blog_index, home_page):
    assert not BlogIndexPage.can_create_at(home_page)


def test_index_lists_live_posts_newest_first(client, make_post, make_profile):
    author = make_profile(display_name="Amara Okafor")
    today = timezone.localdate()
    old = make_post(title="An older post", date=today - datetime.timedelta(days=30), authors=[author])
    new = make_post(title="A newer post", date=today - datetime.timedelta(days=1), authors=[author])
    make_post(title="A draft post", live=False, authors=[author])

    response = client.get("/blog/")
    assert response.status_code == 200
    assert [post.pk for post in response.context["posts"]] == [new.pk, old.pk]
    html = response.content.decode()
    assert html.index("A newer post") < html.index("An older post")
    assert "A draft post" not in html
    assert f'datetime="{new.date:%Y-%m-%d}"' in html
    assert "Amara Okafor" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "", "%00"])
def test_bad_page_numbers_give_a_normal_page(client, make_post, page):
    for n in range(3):
        make_post(title=f"Post {n}")
    BlogIndexPage.objects.update(posts_per_page=2)
    response = client.get("/blog/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["posts"]) in (1, 2)


def test_second_page(client, make_post):
    for n in range(3):
        make_post(title=f"Post {n}")
    BlogIndexPage.objects.update(posts_per_page=2)
    response = client.get("/blog/?page=2")
    assert [post.title for post in response.context["posts"]] == ["Post 0"]
    assert response.context["canonical_url"] == "http://testserver/blog/?page=2"
    assert b'rel="prev"' in response.content


def test_topic_route_filters_posts(client, make_post):
    make_post(title="About tacit knowledge", topics=["tacit knowledge"])
    make_post(title="About lessons", topics=["lessons learned"])
    response = client.get("/blog/?topic=tacit-knowledge")
    assert response.status_code == 200
    assert [post.title for post in response.context["posts"]] == ["About tacit knowledge"]
    assert response.context["active_topic"].name == "tacit knowledge"
    assert b'aria-current="page">tacit knowledge</a>' in response.content
    assert response.context["canonical_url"] == "http://testserver/blog/?topic=tacit-knowledge"


@pytest.mark.parametrize(
    "url",
    [
        "/blog/topic/no-such-topic/",
        "/blog/?topic=no-such-topic",
        "/blog/topic/no-such-topic/feed/rss/",
        "/blog/feed/rss/?topic=no-such-topic",
        "/blog/topic/no-such-topic/feed/atom/",
        "/blog/author/nobody/",
        "/blog/author/nobody/feed/rss/",
        "/blog/topic/",
        "/blog/feed/",
        "/blog/topic/a%2Fb/",
        "/blog/topic/a%00b/",
        "/blog/topic/a%00b/feed/atom/",
        "/blog/author/a%00b/",
        "/blog/topic/%F0%9F%92%A5/",
        "/blog/?topic=%F0%9F%92%A5",
        "/blog/feed/atom/?topic=a%2Fb",
        "/blog/topic/" + "x" * 500 + "/",
    ],
)
def test_unknown_topics_and_authors_are_404(client, make_post, url):
    make_post(topics=["tacit knowledge"])
    assert client.get(url).status_code == 404


def test_a_topic_only_used_by_drafts_or_profiles_is_404(client, make_post, make_profile):
    make_post(topics=["secret plans"], live=False)
    profile = make_profile()
    profile.expertise.add("taxonomy")
    profile.save()
    assert client.get("/blog/topic/secret-plans/").status_code == 404
    assert client.get("/blog/topic/taxonomy/").status_code == 404
    assert client.get("/blog/?topic=secret-plans").status_code == 404
    assert client.get("/blog/?topic=taxonomy").status_code == 404


def test_author_route_lists_the_contributors_posts(client, make_post, make_profile):
    li = make_profile(display_name="Li Wei", slug="li-wei")
    tom = make_profile(display_name="Tom Becker", slug="tom-becker")
    make_post(title="Li alone", authors=[li])
    make_post(title="Together", authors=[tom, li])
    make_post(title="Tom alone", authors=[tom])
    response = client.get("/blog/author/li-wei/")
    assert response.status_code == 200
    assert {post.title for post in response.context["posts"]} == {"Li alone", "Together"}
    assert b"Posts by Li Wei" in response.content


def test_author_without_posts_gets_an_empty_listing(client, blog_index, make_profile):
    make_profile(display_name="New Person", slug="new-person")
    response = client.get("/blog/author/new-person/")
    assert response.status_code == 200
    assert b"has not published a post yet" in response.content


def test_post_page_shows_authors_in_order_topics_and_reading_time(client, make_post, make_profile):
    amara = make_profile(display_name="Amara Okafor", slug="amara-okafor")
    tom = make_profile(display_name="Tom Becker", slug="tom-becker")
    words = " ".join(["knowledge"] * 700)
    post = make_post(
        title="What a coordinator does",
        authors=[tom, amara],
        topics=["facilitation"],
        body=[("paragraph", RichText(f"<p>{words}</p>"))],
    )
    assert post.reading_time == 4
    response = client.get(post.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Tom Becker") < html.index("Amara Okafor")
    assert "4 min read" in html
    assert 'href="/blog/?topic=facilitation"' in html
    assert 'href="/people/amara-okafor/"' in html
    assert "About the authors" in html


def test_reading_time_counts_every_block():
    post = BlogPostPage(
        title="T",
        summary="S",
        body=[
            ("heading", {"text": "one two three", "level": "h2"}),
            ("paragraph", RichText("<p>" + "word " * 450 + "</p>")),
            ("quote", {"quote": "four five", "attribution": "six"}),
            ("code", {"language": "text", "caption": "", "code": "seven eight"}),
        ],
    )
    assert reading_minutes(post.body) == 2
    assert reading_minutes(BlogPostPage(body=[]).body) == 1


def test_post_date_defaults_to_first_publication(blog_index):
    post = BlogPostPageFactory.build(title="Dated", slug="dated", first_published_at=None, date=None)
    blog_index.add_child(instance=post)
    assert post.date is None
    post.save_revision().publish()
    post.refresh_from_db()
    assert post.date == timezone.localdate()
    assert post.display_date == post.date


def test_editor_set_date_is_kept(blog_index):
    chosen = datetime.date(2020, 5, 17)
    post = BlogPostPageFactory(parent=blog_index, date=chosen)
    post.save_revision().publish()
    post.refresh_from_db()
    assert post.date == chosen


def test_related_posts_chosen_first_then_by_shared_topics(make_post):
    post = make_post(title="Main", topics=["a", "b", "c"])
    chosen = make_post(title="Chosen", topics=["z"])
    two_shared = make_post(title="Two shared", topics=["a", "b"])
    one_shared = make_post(title="One shared", topics=["c"])
    make_post(title="Unrelated", topics=["z"])
    make_post(title="Draft shares all", topics=["a", "b", "c"], live=False)
    BlogPostRelatedLink.objects.create(page=post, post=chosen)
    assert [p.title for p in post.get_related_posts(limit=3)] == [
        chosen.title,
        two_shared.title,
        one_shared.title,
    ]
    assert [p.title for p in post.get_related_posts(limit=1)] == ["Chosen"]


def test_related_posts_follow_publishing_despite_the_cache(make_post):
    post = make_post(title="Main", topics=["a", "b"])
    make_post(title="One shared", topics=["a"])
    assert [p.title for p in post.get_related_posts()] == ["One shared"]
    two_shared = make_post(title="Two shared", topics=["a", "b"])
    assert [p.title for p in post.get_related_posts()] == ["Two shared", "One shared"]
    two_shared.unpublish()
    assert [p.title for p in post.get_related_posts()] == ["One shared"]


def test_unpublished_chosen_posts_are_skipped(make_post):
    post = make_post(title="Main", topics=["a"])
    hidden = make_post(title="Hidden", live=False)
    BlogPostRelatedLink.objects.create(page=post, post=hidden)
    other = make_post(title="Other", topics=["a"])
    assert post.get_related_posts() == [other]


def test_author_user_ids(make_post, make_profile):
    first, second = make_profile(), make_profile()
    from community.people.factories import ContributorProfileFactory

    unlinked = ContributorProfileFactory(user=None)
    post = make_post(authors=[first, second, unlinked])
    assert post.get_author_user_ids() == {first.user_id, second.user_id}


def test_listing_summary_and_image_fall_back(make_post):
    post = make_post(summary="The summary.")
    assert post.get_listing_summary() == "The summary."
    post.listing_summary = "Shorter."
    assert post.get_listing_summary() == "Shorter."


def test_home_page_lists_latest_posts(client, make_post, home_page):
    for n in range(5):
        make_post(title=f"Home post {n}")
    response = client.get("/")
    html = response.content.decode()
    assert "Latest posts" in html
    assert html.index("Home post 4") < html.index("Home post 1")
    assert "Home post 0" not in html


def test_home_page_without_a_blog_has_no_posts_section(client, home_page):
    assert b"Latest posts" not in client.get("/").content


def test_contributor_profile_lists_their_published_posts(client, make_post, make_profile):
    li = make_profile(display_name="Li Wei", slug="li-wei")
    other = make_profile()
    make_post(title="Li writes", authors=[li])
    make_post(title="Li drafts", authors=[li], live=False)
    make_post(title="Someone else", authors=[other])
    response = client.get("/people/li-wei/")
    html = response.content.decode()
    assert "Posts by Li Wei" in html
    assert "Li writes" in html
    assert "Li drafts" not in html and "Someone else" not in html


def test_profile_links_to_all_posts_when_there_are_many(client, make_post, make_profile):
    li = make_profile(display_name="Li Wei", slug="li-wei")
    for n in range(8):
        make_post(title=f"Li post {n}", authors=[li])
    html = client.get("/people/li-wei/").content.decode()
    assert html.count('class="card post-card"') == 6
    assert 'href="/blog/author/li-wei/">All 8 posts by Li Wei' in html
    assert "Li post 7" in html and "Li post 1" not in html


def test_profile_without_posts_has_no_posts_section(client, blog_index, make_profile):
    make_profile(display_name="Quiet Person", slug="quiet-person")
    assert b"Posts by Quiet Person" not in client.get("/people/quiet-person/").content


def test_preview_of_an_unsaved_post_renders(client, blog_index, make_user, make_profile):
    from django.urls import reverse

    from blog.tests.admin_forms import post_form_data
    from community.people import roles

    profile = make_profile(display_name="Preview Person")
    co_author = make_profile(display_name="Second Person")
    client.force_login(make_user(roles.EDITORS))
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "blogpostpage", blog_index.pk))
    data = post_form_data("Previewed post", [profile, co_author], topics="previews, second topic, third")
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Previewed post" in html
    assert html.index("Preview Person") < html.index("Second Person")
    assert "second topic" in html


def test_blog_index_factory_grants_nothing_twice(home_page):
    from wagtail.models import GroupPagePermission

    index = BlogIndexPageFactory(parent=home_page)
    before = GroupPagePermission.objects.filter(page=index).count()
    from blog.moderation import set_up_blog_index

    set_up_blog_index(index.pk)
    assert GroupPagePermission.objects.filter(page=index).count() == before > 0


def test_topics_with_accented_names_have_working_links(client, make_post):
    post = make_post(title="Wissen teilen", topics=["Wissensmanagement für alle"])
    [tag] = post.topic_tags
    url = post.get_parent().specific.topic_url(tag)
    assert url == "/blog/?topic=wissensmanagement-f%C3%BCr-alle"
    assert f'href="{url}"'.encode() in client.get("/blog/").content
    response = client.get(url)
    assert response.status_code == 200
    assert [p.title for p in response.context["posts"]] == ["Wissen teilen"]
