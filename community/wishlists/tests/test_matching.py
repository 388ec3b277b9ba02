"""Matching professionals to wishes: the pure ranking on a hand-built set, then the
queries that feed it from profiles, posts and events."""

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.events.factories import EventIndexPageFactory, EventOrganiserFactory, EventPageFactory
from community.people.factories import ContributorProfileFactory
from community.wishlists import contributions
from community.wishlists.factories import OfferFactory, WishItemFactory, WishListPageFactory
from community.wishlists.matching import (
    ACTIVITY_CAP,
    Activity,
    Professional,
    Topic,
    Wish,
    describe_match,
    rank_professionals,
    rank_wishes,
)
from community.wishlists.models import Offer
from community.wishlists.suggestions import suggested_professionals, suggested_wishes

COP = Topic("communities-of-practice", "communities of practice")
LESSONS = Topic("lessons-learned", "lessons learned")
TAXONOMY = Topic("taxonomy", "taxonomy")
TACIT = Topic("tacit-knowledge", "tacit knowledge")
FACILITATION = Topic("facilitation", "facilitation")
TRAINING = Topic("training", "training")


def professional(pk, name, *topics, **activity):
    return Professional(pk, name, frozenset(t.slug for t in topics), Activity(**activity))


def test_professionals_are_ranked_in_the_expected_order_with_reasons():
    people = [
        professional(1, "Amara Okafor", COP, FACILITATION, posts=1),
        professional(2, "Zed Quiet", TAXONOMY),
        professional(3, "Li Wei", COP, LESSONS, TAXONOMY),
        professional(4, "Sofia Marquez", TACIT, posts=9),
        professional(5, "Tom Becker", LESSONS, posts=3, courses=2, events=1),
        professional(6, "Ann Quiet", TAXONOMY),
        professional(7, "The Owner", COP, LESSONS, TAXONOMY, FACILITATION, TRAINING),
    ]
    ranked = rank_professionals({COP, LESSONS, TAXONOMY}, {FACILITATION, TRAINING}, people, exclude_ids={7})
    assert [(s.target.name, s.score, s.reason) for s in ranked] == [
        ("Li Wei", 9, "3 shared topics: communities of practice, lessons learned, taxonomy"),
        # As many points as Li (activity is capped), fewer shared topics.
        ("Tom Becker", 9, "1 shared topic: lessons learned; active: 3 posts, 2 courses, 1 event"),
        (
            "Amara Okafor",
            7,
            "1 shared topic: communities of practice; 1 shared skill: facilitation; active: 1 post",
        ),
        ("Ann Quiet", 3, "1 shared topic: taxonomy"),
        ("Zed Quiet", 3, "1 shared topic: taxonomy"),
    ]
    # Without the exclusion the owner ties with Li on points and topics; names break the tie.
    assert [s.target.name for s in rank_professionals({COP, LESSONS, TAXONOMY}, set(), people, limit=2)] == [
        "Li Wei",
        "The Owner",
    ]


def test_a_tag_wanted_as_topic_and_skill_counts_once():
    [suggestion] = rank_professionals({FACILITATION}, {FACILITATION}, [professional(1, "A", FACILITATION)])
    assert suggestion.score == 3
    assert suggestion.reason == "1 shared topic: facilitation"


def test_activity_points_are_weighted_and_capped():
    assert Activity(posts=1, courses=1, events=1).points == 4
    assert Activity(posts=50).points == ACTIVITY_CAP
    assert Activity().describe() == ""
    assert describe_match((), (), Activity(events=2)) == "active: 2 events"


def test_wishes_are_ranked_for_a_professional():
    wishes = [
        Wish(1, "Design a process", (LESSONS,), recency=1),
        Wish(2, "Set up a repository", (LESSONS, TAXONOMY), recency=0),
        Wish(3, "Interview retirees", (TACIT,), recency=9),
        Wish(4, "Tidy the intranet", (), (TAXONOMY,), recency=5),
    ]
    ranked = rank_wishes({"lessons-learned", "taxonomy", "facilitation"}, wishes)
    assert [(s.target.id, s.reason) for s in ranked] == [
        (2, "2 shared topics: lessons learned, taxonomy"),
        (4, "1 shared skill: taxonomy"),
        (1, "1 shared topic: lessons learned"),
    ]


@pytest.fixture
def bank_list(wish_index, business):
    page = WishListPageFactory(parent=wish_index, owner=business, title="Lessons at the bank")
    WishItemFactory(wish_list=page, topics=["lessons learned", "taxonomy"], skills=["facilitation"])
    WishItemFactory(wish_list=page, topics=["communities of practice"])
    return page


def profile(name, slug, expertise=()):
    person = ContributorProfileFactory(display_name=name, slug=slug)
    if expertise:
        person.expertise.set(expertise)
        person.save()
    return person


def test_suggested_professionals_use_expertise_posts_and_events(home_page, bank_list):
    li = profile("Li Wei", "li-wei", ["lessons learned", "taxonomy"])
    amara = profile("Amara Okafor", "amara-okafor", ["facilitation"])
    sofia = profile("Sofia Marquez", "sofia-marquez", ["tacit knowledge"])
    blog = BlogIndexPageFactory(parent=home_page)
    # Amara writes about communities of practice and organises an event; Sofia's posts share nothing.
    BlogPostPageFactory(parent=blog, authors=[amara], topics=["communities of practice"])
    BlogPostPageFactory(parent=blog, authors=[sofia], topics=["storytelling"])
    BlogPostPageFactory(parent=blog, authors=[amara], topics=["taxonomy"], live=False)
    EventOrganiserFactory(
        page=EventPageFactory(parent=EventIndexPageFactory(parent=home_page)), organiser=amara
    )

    items = list(bank_list.items.all())
    suggestions = suggested_professionals(bank_list, items)
    assert [(s.profile, s.reason) for s in suggestions] == [
        (
            amara,
            "1 shared topic: communities of practice; 1 shared skill: facilitation; active: 1 post, 1 event",
        ),
        (li, "2 shared topics: lessons learned, taxonomy"),
    ]

    # Once the lessons item is matched, only the open item counts.
    OfferFactory(item=items[0], contributor=li, status=Offer.Status.ACCEPTED)
    suggestions = suggested_professionals(bank_list, items, bank_list.matched_item_ids())
    assert [s.profile for s in suggestions] == [amara]


def test_matching_works_without_the_other_apps(monkeypatch, bank_list):
    li = profile("Li Wei", "li-wei", ["lessons learned"])
    real_get_model = contributions.apps.get_model

    def get_model(app_label, model_name=None):
        if app_label in ("blog", "courses", "events"):
            raise LookupError(f"No installed app with label '{app_label}'.")
        return real_get_model(app_label, model_name)

    monkeypatch.setattr(contributions.apps, "get_model", get_model)
    assert contributions.activity_counts([li.pk]) == {}
    [suggestion] = suggested_professionals(bank_list, list(bank_list.items.all()))
    assert (suggestion.profile, suggestion.reason) == (li, "1 shared topic: lessons learned")


def test_the_owner_is_not_suggested_for_their_own_list(bank_list):
    ContributorProfileFactory(user=bank_list.owner).expertise.set(["taxonomy"])
    bank_list.owner.contributor_profile.save()
    assert suggested_professionals(bank_list, list(bank_list.items.all())) == []


def test_the_wish_list_page_shows_suggestions_with_reasons(client, bank_list, django_assert_max_num_queries):
    profile("Li Wei", "li-wei", ["lessons learned", "taxonomy"])
    profile("Tom Becker", "tom-becker", ["communities of practice"])
    with django_assert_max_num_queries(40):
        html = client.get(bank_list.url).content.decode()
    assert "Professionals who could help" in html
    assert html.index("Li Wei") < html.index("Tom Becker")
    assert "2 shared topics: lessons learned, taxonomy" in html


def test_suggested_wishes_for_a_contributor(home_page, wish_index, business, contributor):
    contributor.expertise.set(["lessons learned", "taxonomy"])
    contributor.save()
    good = WishListPageFactory(parent=wish_index, owner=business, title="Good fit")
    best_item = WishItemFactory(wish_list=good, title="Repository", topics=["lessons learned", "taxonomy"])
    offered = WishItemFactory(wish_list=good, title="Already offered", topics=["taxonomy"])
    OfferFactory(item=offered, contributor=contributor)
    partial = WishListPageFactory(parent=wish_index, owner=business, title="Partial fit")
    partial_item = WishItemFactory(wish_list=partial, title="Process", topics=["lessons learned"])
    matched_item = WishItemFactory(wish_list=partial, title="Matched", topics=["taxonomy"])
    OfferFactory(item=matched_item, status=Offer.Status.ACCEPTED)
    draft = WishListPageFactory(parent=wish_index, owner=business, live=False)
    WishItemFactory(wish_list=draft, topics=["taxonomy"])
    own = WishListPageFactory(parent=wish_index, owner=contributor.user)
    WishItemFactory(wish_list=own, topics=["taxonomy"])

    suggestions = suggested_wishes(contributor)
    assert [(s.item, s.reason) for s in suggestions] == [
        (best_item, "2 shared topics: lessons learned, taxonomy"),
        (partial_item, "1 shared topic: lessons learned"),
    ]
