from blog.demo import POSTS, seed_blog
from blog.models import BlogIndexPage, BlogPostPage
from community.people.demo import seed_people
from home.demo import seed_home
from home.models import HomePage


def test_demo_blog_is_complete_and_safe_to_seed_twice(db, client, seed_command):
    command = seed_command
    seed_home(command)
    seed_people(command)
    seed_blog(command)
    seed_blog(command)

    index = BlogIndexPage.objects.get()
    assert HomePage.objects.get().hero_cta_page_id == index.pk
    assert index.slug == "blog" and index.live and index.show_in_menus
    assert index.get_workflow().name == "Blog moderation"
    posts = BlogPostPage.objects.live().order_by("-date")
    assert posts.count() == len(POSTS) == 12
    demo_contributors = {"amara-okafor", "li-wei", "sofia-marquez", "tom-becker"}
    written_by = set()
    for post in posts:
        assert post.hero_image and post.summary and post.topic_tags
        assert post.reading_time >= 1
        assert {block.block_type for block in post.body} >= {"heading", "paragraph", "quote"}
        slugs = [author.slug for author in post.authors]
        assert slugs and set(slugs) <= demo_contributors
        written_by.update(slugs)
    assert written_by == demo_contributors

    [pending] = BlogPostPage.objects.filter(live=False)
    assert pending.workflow_in_progress
    assert pending.owner.email == "blogger@kmp.example"

    response = client.get("/blog/")
    assert response.status_code == 200
    assert len(response.context["posts"]) == 12
