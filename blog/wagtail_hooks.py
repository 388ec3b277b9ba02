from django.template.loader import render_to_string
from wagtail import hooks

from portal.demo import SEED_DEMO
from portal.sections import CONTRIBUTOR_PROFILE_SECTIONS, HOME_PAGE_SECTIONS

from .models import NEWEST_FIRST, BlogIndexPage, BlogPostPage, with_listing_relations

HOME_LATEST_POSTS = 4
PROFILE_POSTS = 6


def live_blog_index():
    return BlogIndexPage.objects.live().public().first()


@hooks.register(HOME_PAGE_SECTIONS, order=20)
def latest_posts_section(request, home_page):
    blog_index = live_blog_index()
    if blog_index is None:
        return ""
    posts = list(with_listing_relations(blog_index.get_posts()[:HOME_LATEST_POSTS]))
    if not posts:
        return ""
    return render_to_string(
        "blog/sections/latest_posts.html",
        {"posts": posts, "blog_index": blog_index},
        request=request,
    )


@hooks.register(CONTRIBUTOR_PROFILE_SECTIONS, order=20)
def contributor_posts_section(request, profile):
    posts = (
        BlogPostPage.objects.live()
        .public()
        .filter(post_authors__author=profile)
        .distinct()
        .order_by(*NEWEST_FIRST)
    )
    total = posts.count()
    if not total:
        return ""
    return render_to_string(
        "blog/sections/contributor_posts.html",
        {
            "posts": list(with_listing_relations(posts[:PROFILE_POSTS])),
            "total": total,
            "profile": profile,
            "blog_index": live_blog_index(),
        },
        request=request,
    )


@hooks.register(SEED_DEMO, order=20)
def seed_demo_blog(command):
    from .demo import seed_blog

    seed_blog(command)
