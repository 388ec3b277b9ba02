"""A modeladmin view's address comes from portal.modeladmin.modeladmin_url (or the
`{% modeladmin_url %}` tag): it is the address wagtail_modeladmin registered, and no view
or template outside the tests spells wagtail_modeladmin's URL names by hand."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from community.rewards.factories import RewardPeriodFactory
from community.rewards.models import LedgerEntry, RewardPeriod
from portal.modeladmin import modeladmin_url

REPO = Path(settings.BASE_DIR)
SOURCE_FOLDERS = ["blog", "community", "courses", "home", "portal", "search", "templates"]
URL_NAME = re.compile(r"\w+_modeladmin_\w+")


def test_an_index_address_is_the_one_modeladmin_registered():
    assert modeladmin_url(LedgerEntry) == reverse("rewards_ledgerentry_modeladmin_index")
    assert modeladmin_url("rewards.LedgerEntry") == reverse("rewards_ledgerentry_modeladmin_index")
    assert modeladmin_url("payments.Payment", "index") == reverse("payments_payment_modeladmin_index")


@pytest.mark.django_db
def test_a_record_address_takes_the_model_or_the_record_and_its_pk():
    period = RewardPeriodFactory()
    expected = reverse("rewards_rewardperiod_modeladmin_inspect", args=[period.pk])
    assert modeladmin_url(RewardPeriod, "inspect", period.pk) == expected
    assert modeladmin_url(period, "inspect", period.pk) == expected


@pytest.mark.django_db
def test_the_template_tag_gives_the_same_address():
    period = RewardPeriodFactory()
    rendered = Template(
        '{% load portal_tags %}{% modeladmin_url "rewards.Statement" %}|{% modeladmin_url period "inspect" period.pk %}'
    ).render(Context({"period": period}))
    assert rendered == "|".join(
        [
            reverse("rewards_statement_modeladmin_index"),
            reverse("rewards_rewardperiod_modeladmin_inspect", args=[period.pk]),
        ]
    )


def hand_written_url_names():
    found = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix not in {".py", ".html"} or "tests" in path.relative_to(REPO).parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if URL_NAME.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    return found


def test_no_view_or_template_spells_a_modeladmin_url_name():
    assert hand_written_url_names() == []
