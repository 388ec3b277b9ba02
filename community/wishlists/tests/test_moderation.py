"""Moderators publish or reject submitted wish lists in the Wagtail admin; the owner
hears about it from the site, with the reason when it is rejected."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from community.wishlists import actions
from community.wishlists.factories import OfferFactory, WishListIndexPageFactory
from community.wishlists.models import Offer, WishListIndexPage, WishListPage
from home.factories import HomePageFactory
from home.models import HomePage, StandardPage


def submit(index, owner, **fields):
    return actions.submit_wish_list(
        index=index,
        owner=owner,
        title=fields.get("title", "Help us start a lessons-learned practice"),
        organisation="Northbridge Bank",
        problem="Projects repeat mistakes.",
        desired_outcomes="Lessons are reused.",
        items=[{"title": "Design the process", "topics": ["lessons learned"], "skills": ["facilitation"]}],
    )


def workflow_action(client, page, action, **data):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data)


def test_a_moderator_approves_and_the_owner_is_told(
    client, wish_index, business, moderator, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(wish_index, business)
    outbox.clear()
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    owner_mail = [m for m in outbox if m.to == ["lena@bank.example"]]
    # Only the site's own email: Wagtail's admin-facing one is off for people without admin access.
    assert [m.subject for m in owner_mail] == [
        'Your wish list "Help us start a lessons-learned practice" is published'
    ]
    assert page.full_url in owner_mail[0].body


def test_a_moderator_rejects_with_a_reason_that_is_emailed(
    client, wish_index, business, moderator, outbox, django_capture_on_commit_callbacks
):
    page = submit(wish_index, business)
    client.force_login(moderator)
    reason = "This reads as an advert for a software product rather than a KM need."
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, page, "reject", comment=reason)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    owner_mail = [m for m in outbox if m.to == ["lena@bank.example"]]
    assert [m.subject for m in owner_mail] == [
        'Your wish list "Help us start a lessons-learned practice" was not published'
    ]
    assert f"Their reason: {reason}" in owner_mail[0].body

    client.force_login(business)
    html = client.get(f"/wishes/mine/{page.pk}/").content.decode()
    assert "Not published" in html and reason in html
    assert "Not published" in client.get("/wishes/mine/").content.decode()


def test_people_without_moderation_rights_cannot_act(client, wish_index, business, make_user):
    page = submit(wish_index, business)
    client.force_login(make_user("Bloggers"))
    response = workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert response.status_code in (302, 403)
    assert not page.live


def test_the_owner_follows_a_draft_and_others_get_404(client, wish_index, business, make_user, moderator):
    page = submit(wish_index, business)
    client.force_login(business)
    html = client.get(f"/wishes/mine/{page.pk}/").content.decode()
    assert "Waiting for moderation" in html and "Design the process" in html
    assert client.get(page.url or "/wish-lists/help-us-start-a-lessons-learned-practice/").status_code == 404
    client.force_login(make_user())
    assert client.get(f"/wishes/mine/{page.pk}/").status_code == 404
    client.force_login(moderator)
    assert client.get(f"/wishes/mine/{page.pk}/").status_code == 200


def test_publishing_an_older_revision_keeps_the_match(live_wish_list, contributor):
    page, items = live_wish_list
    old_revision = page.save_revision()
    for item in items:
        OfferFactory(item=item, contributor=contributor, status=Offer.Status.ACCEPTED)
    assert page.refresh_status() == WishListPage.Status.MATCHED
    old_revision.publish()
    page.refresh_from_db()
    assert page.status == WishListPage.Status.MATCHED


def test_a_moderator_edit_that_adds_an_item_reopens_the_list(live_wish_list, contributor):
    page, items = live_wish_list
    for item in items:
        OfferFactory(item=item, contributor=contributor, status=Offer.Status.ACCEPTED)
    page.refresh_status()
    page = WishListPage.objects.get(pk=page.pk)
    from community.wishlists.models import WishItem

    page.items.add(WishItem(title="One more thing"))
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.status == WishListPage.Status.OPEN


def test_a_closed_list_stays_closed(live_wish_list, client, business, contributor):
    page, (item, _) = live_wish_list
    waiting = OfferFactory(item=item, contributor=contributor)
    client.force_login(business)
    assert client.post(f"/wishes/mine/{page.pk}/close/").status_code == 302
    page.refresh_from_db()
    waiting.refresh_from_db()
    assert page.status == WishListPage.Status.CLOSED
    assert waiting.status == Offer.Status.DECLINED
    assert "Closed" in client.get(page.url).content.decode()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.status == WishListPage.Status.CLOSED


def test_only_the_owner_or_a_moderator_can_close(live_wish_list, client, make_user):
    page, _ = live_wish_list
    client.force_login(make_user())
    assert client.post(f"/wishes/mine/{page.pk}/close/").status_code == 404
    page.refresh_from_db()
    assert page.status == WishListPage.Status.OPEN


class WishListTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        Page.objects.filter(depth=2).update(slug="old-welcome")
        cls.home = HomePageFactory(parent=cls.root)
        cls.index = WishListIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.login()

    def test_index_lives_under_the_home_page_once(self):
        self.assertCanCreateAt(HomePage, WishListIndexPage)
        self.assertCanNotCreateAt(StandardPage, WishListIndexPage)
        self.assertFalse(WishListIndexPage.can_create_at(self.home))

    def test_wish_lists_live_only_under_the_index(self):
        self.assertAllowedSubpageTypes(WishListIndexPage, {WishListPage})
        self.assertAllowedSubpageTypes(WishListPage, set())
        self.assertAllowedParentPageTypes(WishListPage, {WishListIndexPage})

    def test_an_editor_creates_a_wish_list_with_items_and_topics_in_the_admin(self):
        self.assertCanCreate(
            self.index,
            WishListPage,
            nested_form_data(
                {
                    "title": "Start a community of practice",
                    "slug": "start-a-cop",
                    "organisation": "Clean Water Alliance",
                    "problem": "Engineers work alone.",
                    "desired_outcomes": "They help each other.",
                    "items": inline_formset(
                        [
                            {
                                "title": "Launch the community",
                                "description": "",
                                "topics": "communities of practice, facilitation",
                                "skills": "",
                                "engagement": "volunteer",
                                "budget_min": "",
                                "budget_max": "",
                            }
                        ]
                    ),
                }
            ),
        )
        item = WishListPage.objects.get(slug="start-a-cop").items.get()
        assert sorted(t.name for t in item.topics.all()) == ["communities of practice", "facilitation"]


@pytest.mark.parametrize(
    "minimum,maximum,ok", [(None, 5, True), (5, None, True), (5, 5, True), (6, 5, False)]
)
def test_an_item_budget_range_must_be_in_order(minimum, maximum, ok):
    from django.core.exceptions import ValidationError

    from community.wishlists.models import WishItem

    item = WishItem(title="x", budget_min=minimum, budget_max=maximum)
    if ok:
        item.clean()
    else:
        with pytest.raises(ValidationError):
            item.clean()
