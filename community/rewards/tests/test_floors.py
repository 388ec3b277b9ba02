"""The default policy's raised floors (migration 0005) and "How rewards work" showing them."""

import importlib

import pytest

from community.rewards.models import RewardPolicy

pytestmark = pytest.mark.django_db

raise_floors = importlib.import_module("community.rewards.migrations.0005_raise_floors")


def test_the_migrated_policy_has_the_raised_floors():
    launch_version = RewardPolicy.objects.filter(note="The policy at launch").get()
    raised = RewardPolicy.objects.get(version=launch_version.version + 1)
    assert {name: value["minimum"] for name, value in raised.stream_settings.items()} == {
        "blogging": "100",
        "courses": "12",
        "promotion": "2",
    }
    assert {name: value["weight"] for name, value in raised.stream_settings.items()} == {
        name: value["weight"] for name, value in launch_version.stream_settings.items()
    }


def test_floors_finance_already_changed_are_left_alone():
    from django.apps import apps

    current = RewardPolicy.current()
    RewardPolicy.objects.create(
        stream_settings={"blogging": {"weight": 50, "minimum": "40"}}, note="Finance's own floors"
    )
    raise_floors.raise_floors(apps, None)
    assert RewardPolicy.current().version == current.version + 1


def test_how_rewards_work_shows_each_floor_and_what_counts(client, home_page):
    RewardPolicy.objects.filter(note="Launch floors, for the tests").delete()
    content = client.get("/rewards/how-it-works/").content.decode()
    assert "at least 100 qualified readers a month" in content
    assert "at least 12 participation points a month" in content
    assert "at least 2 referrals a month" in content
    assert "at most three per network" in content and "verified accounts a week old" in content
