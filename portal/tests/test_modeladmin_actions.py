"""A listing row offers a record's own actions (portal.modeladmin.ActionButtonHelper)
only where the record allows it and only to Finance."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.payments.factories import PaymentFactory
from community.payments.records import confirm_payment
from community.people import roles
from community.rewards import ledger
from community.rewards.factories import DonationFactory, RewardPeriodFactory
from community.rewards.models import LedgerEntry
from portal.modeladmin import modeladmin_url

pytestmark = pytest.mark.django_db


def listing(client, user, model):
    client.force_login(user)
    response = client.get(modeladmin_url(model))
    assert response.status_code == 200
    return response.content.decode()


def test_a_pending_transfer_offers_confirm_and_a_confirmed_one_refund(client, home_page, make_user):
    pending = PaymentFactory(user=make_user())
    confirmed = PaymentFactory(user=make_user())
    confirm_payment(confirmed, received_on=timezone.localdate())
    html = listing(client, make_user(roles.FINANCE), "payments.Payment")
    assert reverse("payments_admin:confirm", args=[pending.pk]) in html
    assert reverse("payments_admin:refund", args=[pending.pk]) not in html
    assert reverse("payments_admin:refund", args=[confirmed.pk]) in html
    assert reverse("payments_admin:confirm", args=[confirmed.pk]) not in html


def test_an_entry_offers_reverse_and_a_reversal_does_not(client, home_page, make_user):
    finance = make_user(roles.FINANCE)
    donation = DonationFactory(period=RewardPeriodFactory())
    reversal = ledger.reverse_entry(donation, recorded_by=finance, memo="Bounced")
    html = listing(client, finance, LedgerEntry)
    assert reverse("rewards_admin:reverse_entry", args=[donation.pk]) in html
    assert reverse("rewards_admin:reverse_entry", args=[reversal.pk]) not in html
