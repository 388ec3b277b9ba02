"""Fixtures for the wish-list tests: a small page tree, the people involved, and
helpers that build what the public form posts."""

import pytest
from django.core import mail

from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.wishlists.factories import WishItemFactory, WishListIndexPageFactory, WishListPageFactory


@pytest.fixture
def wish_index(home_page):
    return WishListIndexPageFactory(parent=home_page)


@pytest.fixture
def business(make_user):
    return make_user(email="lena@bank.example", first_name="Lena", last_name="Fischer")


@pytest.fixture
def moderator(make_user):
    return make_user(roles.MODERATORS, email="mo@kmp.example", first_name="Mo")


@pytest.fixture
def contributor(make_user):
    user = make_user(roles.BLOGGERS, email="li@kmp.example", first_name="Li")
    return ContributorProfileFactory(user=user, display_name="Li Wei", slug="li-wei")


@pytest.fixture
def other_contributor(make_user):
    user = make_user(email="tom@kmp.example", first_name="Tom")
    return ContributorProfileFactory(user=user, display_name="Tom Becker", slug="tom-becker")


@pytest.fixture
def live_wish_list(wish_index, business):
    """A published wish list with two items: (page, [item, item])."""
    page = WishListPageFactory(parent=wish_index, owner=business, title="Help us learn from projects")
    first = WishItemFactory(
        wish_list=page, title="Design a lessons-learned process", topics=["lessons learned"], sort_order=0
    )
    second = WishItemFactory(
        wish_list=page, title="Build a lessons repository", topics=["taxonomy"], sort_order=1
    )
    return page, [first, second]


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
