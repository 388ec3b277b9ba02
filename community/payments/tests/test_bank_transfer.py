"""Joining and donating by bank transfer; Finance confirms or refunds in the admin."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.payments.factories import PaymentFactory
from community.payments.models import NextPlan, Payment, Subscription, term_end
from community.people import roles
from community.people.models import Membership
from community.rewards.models import LedgerEntry

pytestmark = pytest.mark.django_db


def join(client, plan, **extra):
    return client.post("/join/", {"plan": plan.pk, "provider": "bank_transfer", **extra})


def test_join_page_shows_plans_and_what_membership_pays_for(client, plans):
    response = client.get("/join/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "60.00 USD a year" in text and "6.00 USD a month" in text
    assert "goes to the reward pool" in text
    assert "Sign in to join" in text


def test_a_member_pays_by_bank_transfer_and_finance_confirms_once(
    client, plans, make_user, django_capture_on_commit_callbacks
):
    learner = make_user(email="learner@example.com")
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client, plans["yearly"], next="/courses/members-course/")
    payment = Payment.objects.get(user=learner)
    assert response.status_code == 302 and response.url == payment.get_absolute_url()
    assert payment.status == Payment.Status.PENDING and payment.amount == 6_000
    page = client.get(payment.get_absolute_url()).content.decode()
    assert payment.reference in page and "IBAN" in page
    assert [m.subject for m in mail.outbox] == [
        f"How to pay 60.00 USD to KMP (reference {payment.reference})"
    ]
    assert not learner.is_member

    finance = make_user(roles.FINANCE, email="finance@example.com")
    client.force_login(finance)
    index = client.get("/admin/payments/payment/").content.decode()
    assert f"/admin/payments/finance/{payment.pk}/confirm/" in index
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/payments/finance/{payment.pk}/confirm/", {"received_on": today.isoformat()}
        )
    assert response.status_code == 302
    # A second confirmation (a double click, a second Finance user) changes nothing.
    client.post(f"/admin/payments/finance/{payment.pk}/confirm/", {"received_on": today.isoformat()})

    payment.refresh_from_db()
    entry = LedgerEntry.objects.get(payment_reference=payment.reference)
    assert payment.status == Payment.Status.CONFIRMED and payment.ledger_entry == entry
    assert entry.kind == LedgerEntry.Kind.MEMBERSHIP_FEE and entry.amount == 6_000 and entry.member == learner
    assert entry.recorded_by == finance
    membership = Membership.objects.get(user=learner)
    assert membership.paid_until == today.replace(year=today.year + 1) - timedelta(days=1)
    assert learner.is_member
    receipt = mail.outbox[-1]
    assert receipt.subject == f"Your receipt from KMP: 60.00 USD ({payment.reference})"
    name, pdf, mimetype = receipt.attachments[0]
    assert mimetype == "application/pdf" and pdf.startswith(b"%PDF")

    client.force_login(learner)
    page = client.get(payment.get_absolute_url()).content.decode()
    assert "Go back to where you were" in page and 'href="/courses/members-course/"' in page
    receipt_response = client.get(f"/payments/{payment.access_token}/receipt.pdf")
    assert receipt_response["Content-Type"] == "application/pdf"


def test_a_renewal_extends_from_the_end_of_the_paid_term(client, plans, make_user):
    learner = make_user()
    today = timezone.localdate()
    Membership.objects.create(
        user=learner, started=today - timedelta(days=300), paid_until=today + timedelta(days=20)
    )
    client.force_login(learner)
    join(client, plans["monthly"])
    payment = Payment.objects.get(user=learner)
    from community.payments.records import confirm_payment

    confirm_payment(payment, received_on=today)
    latest = Membership.objects.filter(user=learner).order_by("-paid_until").first()
    begin = today + timedelta(days=21)
    assert latest.paid_until == begin.replace(
        month=begin.month % 12 + 1, year=begin.year + (begin.month == 12)
    ) - timedelta(days=1)


def test_only_finance_confirms(client, plans, make_user):
    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    for actor in (make_user(), make_user(roles.EDITORS)):
        client.force_login(actor)
        response = client.post(
            f"/admin/payments/finance/{payment.pk}/confirm/", {"received_on": "2026-12-01"}
        )
        assert response.status_code in (302, 403)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING and not LedgerEntry.objects.exists()


@pytest.mark.parametrize("day", ["", "tomorrow", "9999-12-31", "2026-13-40"])
def test_a_bad_date_is_refused_and_changes_nothing(client, plans, make_user, day):
    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    client.force_login(make_user(roles.FINANCE))
    response = client.post(f"/admin/payments/finance/{payment.pk}/confirm/", {"received_on": day})
    assert response.status_code == 400
    assert response.content.decode().count("error") >= 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING and not LedgerEntry.objects.exists()


def test_finance_refunds_a_transfer_through_a_reversal(client, plans, make_user):
    from community.payments.records import confirm_payment

    learner = make_user()
    payment = PaymentFactory(plan=plans["yearly"], user=learner)
    confirm_payment(payment, received_on=timezone.localdate())
    client.force_login(make_user(roles.FINANCE))
    url = f"/admin/payments/finance/{payment.pk}/refund/"
    assert 'value="60.00"' in client.get(url).content.decode()  # all of it, unless Finance says less
    assert client.post(url, {"amount": "60.00", "reason": ""}).status_code == 400
    response = client.post(url, {"amount": "60.00", "reason": "Paid twice by mistake"})
    assert response.status_code == 302
    payment.refresh_from_db()
    reversal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REVERSAL)
    assert payment.status == Payment.Status.REFUNDED
    assert reversal.reverses == payment.ledger_entry and reversal.amount == -6_000
    assert not learner.is_member
    # Refunding again changes nothing.
    client.post(url, {"amount": "60.00", "reason": "again"})
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).count() == 1


def test_finance_refunds_part_of_a_transfer_then_the_rest(client, plans, make_user):
    from community.payments.records import confirm_payment

    learner = make_user()
    payment = PaymentFactory(plan=plans["yearly"], user=learner)
    confirm_payment(payment, received_on=timezone.localdate())
    client.force_login(make_user(roles.FINANCE))
    url = f"/admin/payments/finance/{payment.pk}/refund/"

    response = client.post(url, {"amount": "12.50", "reason": "Charged the old price"})

    assert response.status_code == 302
    payment.refresh_from_db()
    part = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REVERSAL)
    assert (part.amount, part.reverses) == (-1_250, payment.ledger_entry)
    assert (payment.status, payment.amount_refunded) == (Payment.Status.CONFIRMED, 1_250)
    assert learner.is_member
    page = client.get(url).content.decode()
    assert 'value="47.50"' in page and "12.50 USD refunded so far" in page
    finance = response.wsgi_request.user
    client.force_login(learner)
    assert "Received (12.50 USD refunded)" in client.get("/account/membership/").content.decode()
    client.force_login(finance)

    assert client.post(url, {"amount": "47.50", "reason": "Left the association"}).status_code == 302
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED and payment.amount_refunded == 6_000
    assert sorted(LedgerEntry.objects.filter(kind="reversal").values_list("amount", flat=True)) == [
        -4_750,
        -1_250,
    ]
    assert not learner.is_member


@pytest.mark.parametrize(
    "amount, message",
    [
        ("12,50", "without thousands separators"),
        ("abc", "not an amount of money"),
        ("0", "more than zero"),
        ("-5", "more than zero"),
        ("12.505", "more than 2 decimal places"),
        ("60.01", "At most 60.00 USD"),
        ("", "This field is required"),
    ],
    ids=["comma", "words", "zero", "negative", "three-decimals", "more-than-paid", "empty"],
)
def test_a_bad_refund_amount_gets_a_clear_error_and_changes_nothing(
    client, plans, make_user, amount, message
):
    from community.payments.records import confirm_payment

    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    confirm_payment(payment, received_on=timezone.localdate())
    client.force_login(make_user(roles.FINANCE))
    response = client.post(f"/admin/payments/finance/{payment.pk}/refund/", {"amount": amount, "reason": "x"})
    assert response.status_code == 400 and message in response.content.decode()
    payment.refresh_from_db()
    assert payment.amount_refunded == 0 and payment.status == Payment.Status.CONFIRMED
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).exists()


def test_only_finance_refunds(client, plans, make_user):
    from community.payments.records import confirm_payment

    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    confirm_payment(payment, received_on=timezone.localdate())
    client.force_login(make_user(roles.EDITORS))
    response = client.post(f"/admin/payments/finance/{payment.pk}/refund/", {"amount": "1.00", "reason": "x"})
    assert response.status_code in (302, 403)
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REVERSAL).exists()


@pytest.mark.parametrize("plan", ["", "abc", "-1", "99999999999999999999", "\x00"])
def test_a_bad_plan_is_refused_and_changes_nothing(client, plans, make_user, plan):
    client.force_login(make_user())
    response = client.post("/join/", {"plan": plan, "provider": "bank_transfer"})
    assert response.status_code == 400
    # A NUL is refused by the site before the form (a readable 400 of its own).
    expected = (
        "Request not understood" if "\x00" in plan else ("Choose one of the plans" if plan else "required")
    )
    assert expected in response.content.decode()
    assert not Payment.objects.exists()


def test_a_plan_no_longer_offered_cannot_be_bought(client, plans, make_user):
    plans["monthly"].is_offered = False
    plans["monthly"].save()
    client.force_login(make_user())
    assert join(client, plans["monthly"]).status_code == 400
    assert not Payment.objects.exists()


def test_automatic_renewal_needs_a_card(client, plans, make_user, stripe_settings):
    client.force_login(make_user())
    response = join(client, plans["yearly"], renew_automatically="on")
    assert response.status_code == 400 and "needs a card" in response.content.decode()
    assert not Payment.objects.exists() and not Subscription.objects.exists()


def test_a_payment_page_is_its_payers_alone(client, plans, make_user):
    payment = PaymentFactory(plan=plans["yearly"], user=make_user())
    client.force_login(make_user())
    assert client.get(payment.get_absolute_url()).status_code == 404
    assert client.get(f"/payments/{payment.access_token}/receipt.pdf").status_code == 404
    assert client.get("/payments/not-a-token/").status_code == 404


def test_signed_out_join_goes_to_sign_in_and_writes_nothing(client, plans):
    response = join(client, plans["yearly"])
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Payment.objects.exists()


def test_an_outside_return_address_is_dropped(client, plans, make_user):
    client.force_login(make_user())
    join(client, plans["yearly"], next="https://evil.example/")
    assert Payment.objects.get().return_url == ""


def test_a_member_cancels_only_their_own_recurring_payment(client, plans, make_user):
    owner, other = make_user(), make_user()
    subscription = Subscription.objects.create(
        user=owner, purpose="membership", provider="bank_transfer", plan=plans["yearly"], amount=6_000
    )
    client.force_login(other)
    assert client.post(f"/account/membership/recurring/{subscription.pk}/cancel/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    client.force_login(owner)
    assert client.post(f"/account/membership/recurring/{subscription.pk}/cancel/").status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_the_members_page_shows_status_payments_and_receipts(client, plans, make_user):
    from community.payments.records import confirm_payment

    learner = make_user()
    payment = PaymentFactory(plan=plans["yearly"], user=learner)
    confirm_payment(payment, received_on=timezone.localdate())
    client.force_login(learner)
    page = client.get("/account/membership/").content.decode()
    assert "You are a member" in page and payment.reference in page and "receipt.pdf" in page
    account = client.get("/account/").content.decode()
    assert "You are a member until" in account and "/account/membership/" in account


def test_someone_never_a_member_chooses_their_plan_on_join(client, plans, make_user):
    client.force_login(make_user())
    response = client.post("/account/membership/plan/", {"plan": plans["monthly"].pk})
    assert response.status_code == 302 and response.url == f"/join/?plan={plans['monthly'].pk}"
    for bad in ("abc", "", "99999", "-1"):
        response = client.post("/account/membership/plan/", {"plan": bad})
        assert response.status_code == 302 and response.url == "/account/membership/"
    assert not NextPlan.objects.exists()


def test_a_bank_transfer_member_changes_plan_from_the_next_term(
    client, plans, make_user, django_capture_on_commit_callbacks
):
    from community.payments.notifications import send_renewal_reminders
    from community.payments.records import confirm_payment

    member = make_user(email="member@example.com")
    first = PaymentFactory(plan=plans["yearly"], user=member)
    confirm_payment(first, received_on=timezone.localdate())
    paid_until = Membership.objects.get(user=member).paid_until
    client.force_login(member)

    response = client.post("/account/membership/plan/", {"plan": plans["monthly"].pk}, follow=True)

    page = response.content.decode()
    assert f"Monthly (6.00 USD a month) applies from your next term, after {paid_until:%-d %B %Y}" in page
    assert NextPlan.objects.get(user=member).plan == plans["monthly"]
    assert Membership.objects.get(user=member).paid_until == paid_until  # the paid term runs as it is
    assert 'id="next-plan"' in page and f"/join/?plan={plans['monthly'].pk}" in page
    join_page = client.get("/join/").content.decode()
    monthly = plans["monthly"].pk
    assert f'value="{monthly}" id="plan-{monthly}" checked' in join_page

    mail.outbox.clear()
    send_renewal_reminders.call(today=(paid_until - timedelta(days=7)).isoformat())
    assert "You chose Monthly (6.00 USD a month) for your next term" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        join(client, plans["monthly"])
    renewal = Payment.objects.get(user=member, status=Payment.Status.PENDING)
    confirm_payment(renewal, received_on=timezone.localdate())
    latest = Membership.objects.filter(user=member).order_by("-paid_until").first()
    # The new plan's term (a month) follows the year already paid.
    assert latest.paid_until == term_end(paid_until + timedelta(days=1), "month")
    assert renewal.plan == plans["monthly"]
    assert not NextPlan.objects.filter(user=member).exists()


def test_a_plan_no_longer_offered_cannot_be_chosen_for_the_next_term(client, plans, make_user):
    from community.payments.records import confirm_payment

    member = make_user()
    confirm_payment(PaymentFactory(plan=plans["yearly"], user=member), received_on=timezone.localdate())
    plans["monthly"].is_offered = False
    plans["monthly"].save()
    client.force_login(member)
    response = client.post("/account/membership/plan/", {"plan": plans["monthly"].pk}, follow=True)
    assert "Choose one of the plans offered" in response.content.decode()
    assert not NextPlan.objects.exists()


def test_an_editor_adds_a_plan_with_its_price_in_major_units(client, make_user):
    from community.payments.models import MembershipPlan

    client.force_login(make_user(roles.EDITORS))
    assert client.get("/admin/snippets/payments/membershipplan/add/").status_code == 200
    data = {
        "name": "Supporter",
        "kind": "individual",
        "price": "75.50",
        "interval": "year",
        "includes": "All courses",
        "is_offered": "on",
        "sort_order": "5",
    }
    response = client.post("/admin/snippets/payments/membershipplan/add/", data)
    assert response.status_code == 302
    assert MembershipPlan.objects.get(name="Supporter").price == 7_550
    response = client.post(
        "/admin/snippets/payments/membershipplan/add/", data | {"name": "Bad", "price": "12,50"}
    )
    assert response.status_code == 200 and not MembershipPlan.objects.filter(name="Bad").exists()
