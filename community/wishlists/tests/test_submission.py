"""Submitting a wish list from the public form: a draft in moderation, or a clear
error and nothing saved."""

import pytest
from django.core import mail
from wagtail.models import Revision, Workflow, WorkflowPage, WorkflowState

from community.wishlists import actions
from community.wishlists.models import WishItem, WishListPage
from community.wishlists.moderation import WORKFLOW_NAME

from .post_data import item_data, submission_data

SUBMIT_URL = "/wishes/submit/"


def assert_nothing_created():
    assert not WishListPage.objects.exists()
    assert not WishItem.objects.exists()
    assert not WorkflowState.objects.exists()
    assert not Revision.page_revisions.exists()


def test_signed_in_user_submits_a_draft_that_enters_moderation(
    client, wish_index, business, moderator, outbox, django_capture_on_commit_callbacks
):
    client.force_login(business)
    data = submission_data(items=2)
    data.update(item_data(1, title="Train project managers", budget_min="5000", budget_max="12500.50"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, data)

    page = WishListPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/wishes/mine/{page.pk}/"
    assert page.get_parent().specific == wish_index
    assert not page.live
    assert page.owner == business
    assert page.organisation == "Northbridge Bank"
    first, second = page.items.order_by("sort_order")
    assert first.title == "Wish item 1"
    assert sorted(t.name for t in first.topics.all()) == ["after-action reviews", "lessons learned"]
    assert [t.name for t in first.skills.all()] == ["facilitation"]
    assert (second.budget_min, second.budget_max) == (500_000, 1_250_050)
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == WORKFLOW_NAME
    assert page.current_workflow_state.requested_by == business

    recipients = {tuple(m.to): m.subject for m in outbox}
    assert (
        recipients[("lena@bank.example",)]
        == 'We have your wish list "Help us start a lessons-learned practice"'
    )
    # Wagtail tells the Moderators group that something awaits their review.
    assert ("mo@kmp.example",) in recipients


def test_the_index_is_set_up_for_moderation_when_created(wish_index):
    assignment = WorkflowPage.objects.get(page=wish_index)
    assert assignment.workflow.name == WORKFLOW_NAME
    task = assignment.workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Moderators"]


def test_visitors_must_sign_in_to_submit(client, wish_index):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_form_shows_one_item_and_adds_more_without_scripts(client, wish_index, business):
    client.force_login(business)
    html = client.get(SUBMIT_URL).content.decode()
    assert 'name="items-0-title"' in html and 'name="items-1-title"' not in html
    assert 'class="wishlists-honeypot"' in html

    data = submission_data(items=1, add_item="1")
    response = client.post(SUBMIT_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="items-1-title"' in html
    assert 'value="Wish item 1"' in html
    assert 'value="Help us start a lessons-learned practice"' in html
    assert "field-error" not in html
    assert_nothing_created()


def test_a_removed_item_is_not_saved(client, wish_index, business):
    client.force_login(business)
    data = submission_data(items=2, **{"items-1-DELETE": "on"})
    assert client.post(SUBMIT_URL, data).status_code == 302
    assert [i.title for i in WishItem.objects.all()] == ["Wish item 1"]


def test_missing_fields_are_explained_and_nothing_is_saved(client, wish_index, business):
    client.force_login(business)
    data = submission_data(items=1, title="", problem="   ", **{"items-0-topics": "", "items-0-title": ""})
    response = client.post(SUBMIT_URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("This field is required.") == 4
    assert "nothing has been saved yet" in html
    assert_nothing_created()


def test_a_wish_list_needs_at_least_one_item(client, wish_index, business):
    client.force_login(business)
    data = submission_data(items=0, total=1)
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert_nothing_created()


def test_a_hundred_items_are_refused(client, wish_index, business):
    client.force_login(business)
    response = client.post(SUBMIT_URL, submission_data(items=100))
    assert response.status_code == 400
    assert "A wish list can have at most 20 items." in response.content.decode()
    assert_nothing_created()


def test_oversize_text_and_too_many_topics_are_refused(client, wish_index, business):
    client.force_login(business)
    data = submission_data(
        items=1,
        title="T" * 121,
        problem="p" * 4001,
        **{
            "items-0-topics": ", ".join(f"topic {n}" for n in range(11)),
            "items-0-skills": "s" * 61,
            "items-0-budget_min": "9000",
            "items-0-budget_max": "100",
        },
    )
    html = client.post(SUBMIT_URL, data).content.decode()
    assert "Ensure this value has at most 120 characters (it has 121)." in html
    assert "Ensure this value has at most 4000 characters (it has 4001)." in html
    assert "Choose at most 10 topics." in html
    assert "Each topic must be 60 characters or fewer." in html
    assert "The upper end of the budget is below the lower end." in html
    assert_nothing_created()


def test_negative_and_malformed_budgets_are_refused(client, wish_index, business):
    client.force_login(business)
    data = submission_data(items=1, **{"items-0-budget_min": "-5", "items-0-budget_max": "lots"})
    html = client.post(SUBMIT_URL, data).content.decode()
    assert "Enter an amount of zero or more." in html
    assert "is not an amount of money" in html
    assert_nothing_created()


@pytest.mark.parametrize("budget", ["12,500", "12 500.50", "12500,50", "1e20", "1e999999"])
def test_a_budget_that_could_be_misread_is_refused_not_guessed(client, wish_index, business, budget):
    client.force_login(business)
    data = submission_data(items=1, **{"items-0-budget_max": budget})
    html = client.post(SUBMIT_URL, data).content.decode()
    assert "write the amount without thousands separators" in html or "is not an amount of money" in html
    assert_nothing_created()


def test_script_payloads_are_stored_as_inert_text(client, wish_index, business, moderator):
    client.force_login(business)
    data = submission_data(
        items=1,
        title="<script>alert('x')</script>Lessons & learning",
        organisation="Bank <img src=x onerror=alert(1)>",
        problem="We use a < b comparisons &lt;script&gt;alert(2)&lt;/script&gt; daily.",
        **{
            "items-0-topics": "<b>taxonomy</b>, lessons learned",
            "items-0-description": "<a href='javascript:x'>x</a>",
        },
    )
    assert client.post(SUBMIT_URL, data).status_code == 302
    page = WishListPage.objects.get()
    item = page.items.get()
    assert page.title == "Lessons & learning"
    assert page.organisation == "Bank"
    assert page.problem == "We use a < b comparisons  daily."
    assert sorted(t.name for t in item.topics.all()) == ["lessons learned", "taxonomy"]
    assert item.description == "x"

    page.save_revision().publish()
    for url in (page.url, f"/wishes/mine/{page.pk}/"):
        html = client.get(url).content.decode()
        assert "Lessons &amp; learning" in html
        assert "<script>alert" not in html and "onerror" not in html and "javascript:x" not in html


def test_text_that_is_only_markup_counts_as_missing(client, wish_index, business):
    client.force_login(business)
    response = client.post(SUBMIT_URL, submission_data(items=1, title="<script>alert(1)</script>"))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert_nothing_created()


def test_a_filled_in_honeypot_saves_nothing(client, wish_index, business):
    client.force_login(business)
    response = client.post(SUBMIT_URL, submission_data(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/wishes/submit/received/"
    assert_nothing_created()


def test_submissions_are_rate_limited_per_user(client, wish_index, business, settings):
    settings.KMP_WISHLISTS_RATE_LIMITS = {"submit": ("2/h", "100/h")}
    client.force_login(business)
    for _ in range(2):
        assert client.post(SUBMIT_URL, submission_data()).status_code == 302
    response = client.post(SUBMIT_URL, submission_data())
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert WishListPage.objects.count() == 2


def test_submissions_are_rate_limited_per_client(client, wish_index, make_user, settings):
    settings.KMP_WISHLISTS_RATE_LIMITS = {"submit": ("100/h", "2/h")}
    for _ in range(2):
        client.force_login(make_user())
        assert client.post(SUBMIT_URL, submission_data()).status_code == 302
    client.force_login(make_user())
    assert client.post(SUBMIT_URL, submission_data()).status_code == 429
    assert WishListPage.objects.count() == 2


def test_no_moderation_workflow_means_no_submission(client, wish_index, business):
    # Not the wish-list workflow, nor one inherited from an ancestor page.
    for workflow in Workflow.objects.all():
        workflow.deactivate()
    client.force_login(business)
    response = client.post(SUBMIT_URL, submission_data())
    assert response.status_code == 503
    assert "cannot be submitted just now" in response.content.decode()
    assert_nothing_created()


def test_a_failure_part_way_leaves_nothing_behind(wish_index, business, monkeypatch):
    def broken_start(self, obj, user):
        raise RuntimeError("the workflow engine fell over")

    monkeypatch.setattr(Workflow, "start", broken_start)
    with pytest.raises(RuntimeError):
        actions.submit_wish_list(
            index=wish_index,
            owner=business,
            title="A wish list",
            organisation="Bank",
            problem="Problem",
            desired_outcomes="Outcomes",
            items=[{"title": "Item", "topics": ["taxonomy"], "skills": []}],
        )
    assert_nothing_created()
    assert not mail.outbox


def test_submitting_needs_a_published_index(client, home_page, business):
    client.force_login(business)
    assert client.get(SUBMIT_URL).status_code == 404
