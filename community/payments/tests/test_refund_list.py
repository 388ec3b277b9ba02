"""Finance's list of refunds under Payments: every refund with its payment, the person,
the amount, why and who recorded it when; read only (refunds are recorded from the
payment, by Finance's Refund button or Stripe's webhook)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from community.payments.factories import PaymentFactory
from community.payments.models import Refund
from community.payments.records import confirm_payment, refund_payment
from community.people import roles
from portal.modeladmin import modeladmin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user):
    return make_user(roles.FINANCE, first_name="Fiona", last_name="Finance")


@pytest.fixture
def refund(home_page, make_user, finance):
    """Part of a 2,500.00 donation by bank transfer given back by Finance."""
    payer = make_user(first_name="Hanna", last_name="Berg")
    payment = PaymentFactory(purpose="donation", plan=None, amount=250_000, user=payer)
    confirm_payment(payment, received_on=timezone.localdate())
    return refund_payment(payment, amount=123_456, reason="Paid twice by mistake", recorded_by=finance)


def test_finance_lists_each_refund_with_its_payment_person_amount_reason_and_who(client, finance, refund):
    client.force_login(finance)
    response = client.get(modeladmin_url(Refund))
    assert response.status_code == 200
    html = response.content.decode()
    payment = refund.payment
    assert f'href="{modeladmin_url(payment, "inspect", payment.pk)}"' in html
    assert payment.reference in html
    assert "Hanna Berg" in html
    # The site's one money format: grouped, the currency's decimals, its code; never cents.
    assert f'<span class="money">1,234.56 {settings.KMP_CURRENCY}</span>' in html
    assert "123456" not in html
    assert "Paid twice by mistake" in html
    assert "Fiona Finance" in html
    # Where refunds are made: the confirmed bank transfers in Payments.
    assert f'href="{modeladmin_url(payment)}?provider=bank_transfer&amp;status=confirmed"' in html


def test_a_refund_from_stripe_says_stripe_recorded_it(client, finance, refund):
    Refund.objects.filter(pk=refund.pk).update(recorded_by=None, provider_refund_id="re_123")
    client.force_login(finance)
    html = client.get(modeladmin_url(Refund)).content.decode()
    assert "Stripe" in html and "Fiona Finance" not in html


def test_a_superuser_sees_the_refunds_too(client, make_user, refund):
    client.force_login(make_user(is_superuser=True))
    response = client.get(modeladmin_url(Refund))
    assert response.status_code == 200
    assert refund.reason in response.content.decode()


@pytest.mark.parametrize(
    "role", [roles.EDITORS, roles.MODERATORS, None], ids=["editor", "moderator", "member"]
)
def test_other_roles_do_not_see_the_refunds(client, make_user, refund, role):
    client.force_login(make_user(*([role] if role else [])))
    response = client.get(modeladmin_url(Refund))
    assert response.status_code in (302, 403)
    assert refund.reason not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, refund):
    response = client.get(modeladmin_url(Refund))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("who", ["finance", "superuser"])
def test_no_one_adds_edits_or_deletes_a_refund_here(client, make_user, finance, refund, who):
    client.force_login(finance if who == "finance" else make_user(is_superuser=True))
    listing = client.get(modeladmin_url(Refund)).content.decode()
    before = list(Refund.objects.values())
    for action, args in [("create", []), ("edit", [refund.pk]), ("delete", [refund.pk])]:
        url = modeladmin_url(Refund, action, *args)
        assert url not in listing
        assert client.get(url).status_code in (302, 403), action
        assert client.post(url, {"amount": "1", "reason": "changed"}).status_code in (302, 403), action
    assert list(Refund.objects.values()) == before


def test_refunds_are_filtered_by_date(client, finance, refund):
    older = refund_payment(refund.payment, amount=1_000, reason="An old refund", recorded_by=finance)
    Refund.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=400))
    client.force_login(finance)
    listing = client.get(modeladmin_url(Refund))
    assert "An old refund" in listing.content.decode()
    (date_filter,) = listing.context["view"].filter_specs
    today = dict(date_filter.links)["Today"]
    html = client.get(modeladmin_url(Refund), today).content.decode()
    assert refund.reason in html and "An old refund" not in html
