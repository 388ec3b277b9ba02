import pytest
from django.core.management import call_command
from django.utils import timezone

from community.payments.models import MembershipPlan, Payment
from community.payments.records import confirm_payment
from community.rewards.models import LedgerEntry

pytestmark = pytest.mark.django_db


def donate(client, **data):
    return client.post("/donate/", {"provider": "bank_transfer", "frequency": "once", **data})


def test_a_visitor_donates_by_name_and_is_listed_once_confirmed(client):
    response = donate(
        client,
        amount="25.00",
        donor_name="Jorge Alvarez",
        donor_email="jorge@example.com",
        public_name="Jorge A.",
    )
    payment = Payment.objects.get()
    assert response.status_code == 302 and response.url == payment.get_absolute_url()
    assert payment.amount == 2_500 and payment.user is None and payment.donor_name == "Jorge Alvarez"
    assert "Jorge A." not in client.get("/supporters/").content.decode()
    confirm_payment(payment, received_on=timezone.localdate())
    entry = LedgerEntry.objects.get(payment_reference=payment.reference)
    assert entry.kind == LedgerEntry.Kind.DONATION and entry.amount == 2_500 and entry.to_pool
    assert "Jorge A." in client.get("/supporters/").content.decode()


def test_an_anonymous_donation_keeps_no_name(client):
    donate(client, amount="10", anonymous="on", donor_name="Would be dropped")
    payment = Payment.objects.get()
    assert payment.donor_name == "" and payment.payer_name == "Anonymous"


def test_a_member_donates_as_themselves(client, make_user):
    member = make_user()
    client.force_login(member)
    donate(client, amount="12.50")
    confirm_payment(Payment.objects.get(), received_on=timezone.localdate())
    assert LedgerEntry.objects.get().member == member


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"amount": "4.99", "donor_name": "A", "donor_email": "a@example.com"},
            "The smallest donation is 5.00 USD",
        ),
        (
            {"amount": "12,50", "donor_name": "A", "donor_email": "a@example.com"},
            "without thousands separators",
        ),
        ({"amount": "-5", "donor_name": "A", "donor_email": "a@example.com"}, "more than zero"),
        ({"amount": "10", "donor_email": "a@example.com"}, "tick “Give anonymously”"),
        ({"amount": "10", "donor_name": "A"}, "Write your email"),
        (
            {"amount": "10", "donor_name": "A", "donor_email": "a@example.com", "frequency": "monthly"},
            "needs a card",
        ),
        (
            {"amount": "10", "donor_name": "A", "donor_email": "a@example.com", "provider": "cash"},
            "Select a valid choice",
        ),
    ],
)
def test_bad_donations_are_refused_and_change_nothing(client, data, message):
    response = donate(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_the_demo_seeds_plans_members_and_donors_once(seed_command):
    from community.payments.demo import seed_payments

    call_command("seed_demo", verbosity=0)
    counts = (MembershipPlan.objects.count(), Payment.objects.count(), LedgerEntry.objects.count())
    seed_payments(seed_command)
    assert (MembershipPlan.objects.count(), Payment.objects.count(), LedgerEntry.objects.count()) == counts
    assert Payment.objects.filter(status=Payment.Status.CONFIRMED, provider="bank_transfer").count() == 5
    assert Payment.objects.get(reference="KMP-DEMO-0006").status == Payment.Status.PENDING
    assert LedgerEntry.objects.filter(payment_reference__startswith="KMP-DEMO-").count() == 5
