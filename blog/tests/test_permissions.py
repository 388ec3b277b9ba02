"""Who may do what with blog posts, through Wagtail's own views: one row per action,
one column per role. A cell is True when the action takes effect."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState

from blog.factories import BlogPostPageFactory
from blog.models import BlogPostPage
from blog.moderation import TASK_NAME, WORKFLOW_NAME
from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.people.models import ContributorProfile

from .admin_forms import post_form_data

ROLE_COLUMNS = ["blogger", "moderator", "editor", "anonymous"]

#          action            Blogger Moder  Editor Anonymous
MATRIX = [
    ("create", [True, True, True, False]),
    ("edit_own", [True, True, True, False]),
    ("edit_another", [False, True, True, False]),
    ("publish", [False, True, True, False]),
    ("approve", [False, True, True, False]),
    ("view_draft", [False, True, True, False]),
]

CASES = [
    pytest.param(role, action, allowed[column], id=f"{role}-{action}")
    for action, allowed in MATRIX
    for column, role in enumerate(ROLE_COLUMNS)
]


@pytest.fixture
def people(make_user):
    """The acting users by role, and another Blogger whose drafts the actor meets."""
    other = make_user(roles.BLOGGERS, email="other@example.com")
    blogger = make_user(roles.BLOGGERS, email="blogger@example.com")
    return {
        "blogger": blogger,
        "moderator": make_user(roles.MODERATORS, email="moderator@example.com"),
        "editor": make_user(roles.EDITORS, email="editor@example.com"),
        "anonymous": None,
        "other": other,
        "other_profile": ContributorProfileFactory(user=other, display_name="Olu Other"),
        "blogger_profile": ContributorProfileFactory(user=blogger, display_name="Bea Blogger"),
    }


def make_draft(blog_index, owner, author, title):
    post = BlogPostPageFactory(
        parent=blog_index, title=title, live=False, owner=owner, authors=[author], first_published_at=None
    )
    post.save_revision(user=owner)
    return post


def submit_for_moderation(post, user):
    post.get_workflow().start(post, user)
    post.refresh_from_db()
    return TaskState.objects.get(workflow_state__object_id=str(post.pk), status=TaskState.STATUS_IN_PROGRESS)


def latest_title(post):
    return BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object().title


def act(action, client, actor, people, blog_index):
    """Try the action as the actor; True when it took effect."""
    author = people["other_profile"]
    if action == "create":
        client.post(
            reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)),
            post_form_data("A new post", [author]),
        )
        return BlogPostPage.objects.filter(title="A new post").exists()
    if action in ("edit_own", "edit_another", "publish"):
        owner = actor if action != "edit_another" else people["other"]
        post = make_draft(blog_index, owner, author, "Draft title")
        extra = {"action-publish": "action-publish"} if action == "publish" else {}
        client.post(
            reverse("wagtailadmin_pages:edit", args=(post.pk,)),
            post_form_data("Edited title", [author], **extra),
        )
        if action == "publish":
            post.refresh_from_db()
            return post.live and post.title == "Edited title"
        return latest_title(post) == "Edited title"
    if action == "approve":
        post = make_draft(blog_index, people["other"], author, "Submitted post")
        task_state = submit_for_moderation(post, people["other"])
        client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk)),
            {"comment": ""},
        )
        post.refresh_from_db()
        return post.live
    if action == "view_draft":
        post = make_draft(blog_index, people["other"], author, "Unpublished thoughts")
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=(post.pk,)))
        return response.status_code == 200 and b"Unpublished thoughts" in response.content
    raise AssertionError(action)


@pytest.mark.parametrize(("role", "action", "allowed"), CASES)
def test_permission_matrix(client, blog_index, people, role, action, allowed):
    actor = people[role]
    if actor is not None:
        client.force_login(actor)
    assert act(action, client, actor, people, blog_index) is allowed


def test_the_blog_index_carries_the_moderation_workflow(blog_index):
    workflow = blog_index.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == TASK_NAME
    assert set(task.groups.values_list("name", flat=True)) == {roles.MODERATORS, roles.EDITORS}


def test_blogger_cannot_see_another_bloggers_draft_on_the_site(client, blog_index, people):
    post = make_draft(blog_index, people["other"], people["other_profile"], "Not yet")
    client.force_login(people["blogger"])
    assert client.get(post.url).status_code == 404


def test_anonymous_visitors_get_404_for_drafts(client, blog_index, people):
    post = make_draft(blog_index, people["other"], people["other_profile"], "Not yet")
    assert client.get(f"/blog/{post.slug}/").status_code == 404
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=(post.pk,)))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_blogger_cannot_edit_own_post_while_it_is_in_moderation(client, blog_index, people):
    post = make_draft(blog_index, people["blogger"], people["blogger_profile"], "Waiting")
    submit_for_moderation(post, people["blogger"])
    client.force_login(people["blogger"])
    client.post(
        reverse("wagtailadmin_pages:edit", args=(post.pk,)),
        post_form_data("Sneaky change", [people["blogger_profile"]]),
    )
    assert latest_title(post) == "Waiting"


def test_editor_unpublishes_any_post_and_a_blogger_cannot(client, blog_index, people):
    post = BlogPostPageFactory(
        parent=blog_index, owner=people["blogger"], authors=[people["blogger_profile"]]
    )
    client.force_login(people["blogger"])
    client.post(reverse("wagtailadmin_pages:unpublish", args=(post.pk,)))
    post.refresh_from_db()
    assert post.live

    client.force_login(people["editor"])
    client.post(reverse("wagtailadmin_pages:unpublish", args=(post.pk,)))
    post.refresh_from_db()
    assert not post.live


def test_draft_to_published_only_through_a_moderator(client, blog_index, people):
    blogger, moderator = people["blogger"], people["moderator"]
    client.force_login(blogger)
    add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk))
    client.post(
        add_url,
        post_form_data("Our first CoP meeting", [people["blogger_profile"]], **{"action-submit": "1"}),
    )
    post = BlogPostPage.objects.get(title="Our first CoP meeting")
    assert not post.live
    assert post.workflow_in_progress
    # Reviewers hear about the submission; the submitter does not.
    submitted_to = {address for message in mail.outbox for address in message.to}
    assert moderator.email in submitted_to
    assert blogger.email not in submitted_to

    mail.outbox.clear()
    client.force_login(moderator)
    task_state = post.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "reject", task_state.pk)),
        {"comment": "Please add a closing paragraph with one thing to try."},
    )
    post.refresh_from_db()
    assert not post.live
    assert not post.workflow_in_progress
    [rejection] = [message for message in mail.outbox if blogger.email in message.to]
    assert "Our first CoP meeting" in rejection.subject + rejection.body
    assert "Please add a closing paragraph with one thing to try." in rejection.body

    client.force_login(blogger)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(post.pk,)),
        post_form_data(
            "Our first CoP meeting",
            [people["blogger_profile"]],
            body_html="<p>We met.</p><p>Try a check-in round.</p>",
            **{"action-submit": "1"},
        ),
    )
    post.refresh_from_db()
    assert post.workflow_in_progress

    mail.outbox.clear()
    client.force_login(moderator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(post.pk, "approve", post.current_workflow_task_state.pk),
        ),
        {"comment": ""},
    )
    post.refresh_from_db()
    assert post.live
    assert any(blogger.email in message.to for message in mail.outbox)

    client.logout()
    response = client.get(post.url)
    assert response.status_code == 200
    assert b"Try a check-in round." in response.content


def test_a_bloggers_new_post_lists_them_as_author(client, blog_index, people):
    client.force_login(people["blogger"])
    response = client.get(reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)))
    formset = response.context["form"].formsets["post_authors"]
    assert [form.instance.author for form in formset.forms] == [people["blogger_profile"]]


def test_a_blogger_without_a_profile_gets_one_as_author(client, blog_index, make_user):
    newcomer = make_user(roles.BLOGGERS, email="newcomer@example.com", first_name="Nia", last_name="Adeyemi")
    client.force_login(newcomer)
    response = client.get(reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)))
    profile = ContributorProfile.objects.get(user=newcomer)
    assert profile.display_name == "Nia Adeyemi"
    assert profile.slug == "nia-adeyemi"
    formset = response.context["form"].formsets["post_authors"]
    assert [form.instance.author for form in formset.forms] == [profile]


def test_editors_without_a_profile_choose_the_author(client, blog_index, people):
    client.force_login(people["editor"])
    response = client.get(reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)))
    assert not ContributorProfile.objects.filter(user=people["editor"]).exists()
    assert response.context["form"].formsets["post_authors"].initial_form_count() == 0


def test_an_author_is_listed_once(client, blog_index, people):
    client.force_login(people["blogger"])
    profile = people["blogger_profile"]
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)),
        post_form_data("Twice over", [profile, profile]),
    )
    assert response.status_code == 200
    assert b"is already an author of this post" in response.content
    assert not BlogPostPage.objects.filter(title="Twice over").exists()


def test_publishing_needs_an_author(client, blog_index, people):
    client.force_login(people["editor"])
    client.post(
        reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk)),
        post_form_data("Nobody wrote this", [], **{"action-publish": "action-publish"}),
    )
    assert not BlogPostPage.objects.filter(title="Nobody wrote this", live=True).exists()


def test_data_migration_sets_up_an_existing_blog_index(blog_index):
    """The migration's function restores the set-up for a blog index that predates it."""
    import importlib

    from django.apps import apps
    from wagtail.models import GroupPagePermission, WorkflowPage

    GroupPagePermission.objects.filter(page=blog_index).delete()
    WorkflowPage.objects.filter(page=blog_index).delete()
    migration = importlib.import_module("blog.migrations.0002_blog_moderation")
    migration.set_up_moderation(apps, schema_editor=None)

    assert WorkflowPage.objects.get(page=blog_index).workflow.name == WORKFLOW_NAME
    granted = set(
        GroupPagePermission.objects.filter(page=blog_index).values_list("group__name", "permission__codename")
    )
    assert (roles.BLOGGERS, "add_page") in granted
    assert (roles.BLOGGERS, "publish_page") not in granted
    assert {(roles.MODERATORS, "change_page"), (roles.MODERATORS, "publish_page")} <= granted
