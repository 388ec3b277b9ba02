"""Every modeladmin listing, found from the classes themselves (so a listing added
later is covered), given bad values for each of its filters: the list answers 200,
unfiltered, and says the filter was not used. Never a 500."""

import importlib

import pytest
from wagtail_modeladmin.options import ModelAdmin

from community.rewards.factories import RewardPeriodFactory

BAD_VALUES = ["abc", "99999999999999999999", "²"]
pytestmark = pytest.mark.django_db


def model_admins():
    found, pending = [], list(ModelAdmin.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if getattr(cls, "model", None) and cls.__module__.split(".")[0] in {
            "portal",
            "home",
            "blog",
            "courses",
            "community",
            "search",
        }:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_every_listing_is_found():
    names = {cls.__name__ for cls in model_admins()}
    assert {
        "LedgerEntryAdmin",
        "OfferAdmin",
        "RSVPAdmin",
        "ReferralAdmin",
        "EnrolmentAdmin",
        "RefundAdmin",
    } <= names


@pytest.fixture
def admin_client(client, home_page, make_user):
    client.force_login(make_user(is_superuser=True))
    return client


def filter_parameters(client, index_url):
    response = client.get(index_url)
    assert response.status_code == 200, index_url
    names = set()
    for spec in response.context["view"].filter_specs:
        names.update(spec.expected_parameters())
        names.add(getattr(spec, "field_path", None) or spec.parameter_name)
    return sorted(name for name in names if name)


@pytest.mark.parametrize("model_admin_class", model_admins(), ids=lambda cls: cls.__name__)
def test_bad_filter_values_never_fail(admin_client, model_admin_class):
    index_url = model_admin_class().url_helper.index_url
    parameters = filter_parameters(admin_client, index_url) + ["created_at", "event", "nope__x"]
    failures = [
        (name, value, status)
        for name in parameters
        for value in BAD_VALUES
        if (status := admin_client.get(index_url, {name: value}).status_code) != 200
    ]
    assert not failures


@pytest.mark.parametrize(
    ("admin_path", "query"),
    [
        ("community.rewards.wagtail_hooks.LedgerEntryAdmin", {"period": "99999999999999999999"}),
        ("community.rewards.wagtail_hooks.LedgerEntryAdmin", {"to_pool": "abc"}),
        ("community.rewards.wagtail_hooks.LedgerEntryAdmin", {"to_pool__exact": "abc"}),
        ("community.wishlists.wagtail_hooks.OfferAdmin", {"hidden": "abc"}),
        ("community.events.wagtail_hooks.RSVPAdmin", {"event": "abc"}),
        ("community.tracking.wagtail_hooks.ReferralAdmin", {"created_at": "abc"}),
        ("community.tracking.wagtail_hooks.ReferralAdmin", {"created_at__gte": "9999-99-99"}),
    ],
)
def test_a_bad_filter_is_named_and_ignored(admin_client, admin_path, query):
    RewardPeriodFactory()  # the period filter shows (and filters) only when there are periods
    module, name = admin_path.rsplit(".", 1)
    model_admin = getattr(importlib.import_module(module), name)()
    response = admin_client.get(model_admin.url_helper.index_url, query)
    assert response.status_code == 200
    assert "could not be used, so the list is not filtered" in response.content.decode()
