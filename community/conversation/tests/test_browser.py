import re

import pytest

from community.conversation.models import Comment
from portal.tests.test_forms_browser import FORMS_TO_FILL, submit_empty
from portal.tests.test_layout_browser import session_cookie

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, user, next_path="/"):
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{next_path}")


def new_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def test_a_learner_comments_on_a_post_and_a_moderator_approves_it(
    live_server, chromium, output_dir, blog, course, moderator
):
    # A learner (a member with no published comment yet) comments.
    context, page = new_page(chromium)
    log_in(page, live_server.url, course.learner, blog.post.url)
    page.fill("#comment-body-new", "The stage where the core group forms is the hardest.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert "waits for a Moderator" in page.locator(".messages, [role=status], body").first.inner_text()
    assert page.get_by_text("Awaiting a Moderator: only you see it").is_visible()
    page.screenshot(path=str(output_dir / "conversation-pending.png"), full_page=True)
    context.close()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    # Nobody else sees it yet.
    context, page = new_page(chromium)
    page.goto(live_server.url + blog.post.url)
    assert page.get_by_text("The stage where the core group forms").count() == 0

    # The Moderator finds it in the queue and publishes it.
    moderator_context, admin = new_page(chromium)
    log_in(admin, live_server.url, moderator, "/admin/")
    admin.goto(f"{live_server.url}/admin/conversation/comment/")
    admin.get_by_role("link", name=re.compile("The stage where the core group")).first.click()
    admin.select_option("#id_status", "published")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url("**/admin/conversation/comment/")
    moderator_context.close()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.moderated_by == moderator

    # The anonymous reader's next visit shows it.
    page.goto(live_server.url + blog.post.url)
    assert page.get_by_text("The stage where the core group forms is the hardest.").is_visible()
    context.close()


def test_flagged_and_hidden_comments_leave_page_search_and_cache_at_once(
    live_server, chromium, output_dir, blog, member, moderator
):
    flagged = Comment.objects.create(
        page=blog.post, author=member, body="Zanzibarish nonsense to flag", status="published"
    )
    hidden = Comment.objects.create(
        page=blog.post, author=member, body="Quixotically rude remark to hide", status="published"
    )
    reader_context, reader = new_page(chromium)
    url = live_server.url + blog.post.url
    reader.goto(url)
    second = reader.goto(url)
    assert second.headers["x-page-cache"] == "hit"
    assert reader.get_by_text(flagged.body).is_visible() and reader.get_by_text(hidden.body).is_visible()
    # Comments are never indexed: search finds the post by its own words only.
    reader.goto(f"{live_server.url}/search/?q=stages")
    assert reader.locator(".search-results").get_by_text(blog.post.title).count() == 1
    for word in ("Zanzibarish", "Quixotically"):
        reader.goto(f"{live_server.url}/search/?q={word}")
        assert reader.get_by_text("Nothing found.").is_visible()

    # Another anonymous visitor flags one.
    flagger_context, flagger = new_page(chromium)
    flagger.goto(url)
    flagger.locator(f"#comment-{flagged.pk}").get_by_role("link", name="Flag").click()
    flagger.fill("#id_reason", "Nonsense")
    flagger.get_by_role("button", name="Flag it").click()
    flagger.wait_for_url(url)
    flagger_context.close()

    reader.goto(url)
    assert reader.get_by_text(flagged.body).count() == 0
    assert reader.get_by_text(hidden.body).is_visible()

    # A Moderator hides the other, with a reason.
    moderator_context, admin = new_page(chromium)
    log_in(admin, live_server.url, moderator, "/admin/")
    admin.goto(f"{live_server.url}/admin/conversation/comment/edit/{hidden.pk}/")
    admin.select_option("#id_status", "hidden")
    admin.get_by_role("button", name="Save").click()
    admin.get_by_text("Say why the comment is hidden.").wait_for()
    admin.fill("#id_hidden_reason", "Rude to another member")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url("**/admin/conversation/comment/")
    moderator_context.close()

    response = reader.goto(url)
    assert reader.get_by_text(hidden.body).count() == 0
    assert response.headers["x-page-cache"] == "miss"
    reader.goto(f"{live_server.url}/search/?q=Quixotically")
    assert reader.get_by_text("Nothing found.").is_visible()
    reader.screenshot(path=str(output_dir / "conversation-after-moderation.png"), full_page=True)
    reader_context.close()
    hidden.refresh_from_db()
    assert hidden.status == Comment.Status.HIDDEN and hidden.hidden_reason == "Rude to another member"


def test_a_lesson_comment_is_invisible_to_someone_not_enrolled(live_server, chromium, course, make_user):
    Comment.objects.create(
        page=course.lesson, author=course.learner, body="For the cohort only", status="published"
    )
    outsider = make_user(email="otto@example.com")
    context, page = new_page(chromium)
    log_in(page, live_server.url, course.learner, course.lesson.url)
    assert page.get_by_text("For the cohort only").is_visible()
    context.close()
    context, page = new_page(chromium)
    log_in(page, live_server.url, outsider, course.lesson.url)
    assert page.get_by_text("For the cohort only").count() == 0
    assert page.locator("#comment-body-new").count() == 0
    context.close()


def test_a_member_editing_her_comment_to_nothing_sees_the_error_at_the_comment(
    live_server, browser_page, blog, member
):
    comment = Comment.objects.create(
        page=blog.post, author=member, body="Flow, not stock.", status=Comment.Status.PUBLISHED
    )
    page = browser_page
    page.context.add_cookies([session_cookie(member, live_server.url)])
    url = f"/conversation/comments/{comment.pk}/edit/"

    page.goto(live_server.url + url)
    assert page.evaluate(FORMS_TO_FILL) == [0]
    where, problems, invalid = submit_empty(page, live_server.url, url, 0)

    assert (where, problems, invalid) == (url, [], 1)
    assert page.get_by_label("Your comment").get_attribute("aria-invalid") == "true"
    assert Comment.objects.get(pk=comment.pk).body == "Flow, not stock."
