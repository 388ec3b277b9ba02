"""Stripe's API is out of reach here, so its calls go to a local fake HTTP server that
checks each request (path, key, parameters) and answers as Stripe's documentation says."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.contrib.messages import get_messages

from community.payments.models import Payment, Subscription

pytestmark = pytest.mark.django_db


class FakeStripe(BaseHTTPRequestHandler):
    """Answers what the site asks of Stripe; records every request it gets."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.server.requests.append(
            {"path": self.path, "authorization": self.headers.get("Authorization"), "params": parse_qs(body)}
        )
        status, answer = self.server.answers.get(self.path, (404, {"error": {"message": "No such path"}}))
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self.server.requests.append(
            {
                "method": "GET",
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "params": {},
            }
        )
        status, answer = self.server.answers.get(
            f"GET {self.path}", (404, {"error": {"message": "No such path"}})
        )
        self.answer(status, answer)

    def answer(self, status, answer):
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_stripe(stripe_settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    server.requests, server.answers = [], {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stripe_settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


SESSION = {
    "id": "cs_test_42",
    "object": "checkout.session",
    "url": "https://checkout.stripe.com/c/pay/cs_test_42",
}


def test_a_one_off_membership_opens_a_checkout_session(client, plans, make_user, fake_stripe):
    fake_stripe.answers["/v1/checkout/sessions"] = (200, SESSION)
    member = make_user(email="member@example.com")
    client.force_login(member)
    response = client.post("/join/", {"plan": plans["yearly"].pk, "provider": "stripe"})
    payment = Payment.objects.get()
    assert response.status_code == 302 and response.url == SESSION["url"]
    assert payment.provider_session_id == "cs_test_42" and payment.status == Payment.Status.PENDING
    [request] = fake_stripe.requests
    params = {key: values[0] for key, values in request["params"].items()}
    assert request["path"] == "/v1/checkout/sessions"
    assert request["authorization"] == "Bearer sk_test_kmp"
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == payment.reference
    assert params["metadata[kmp_reference]"] == payment.reference
    assert params["line_items[0][price_data][unit_amount]"] == "6000"
    assert params["line_items[0][price_data][currency]"] == "usd"
    assert params["line_items[0][quantity]"] == "1"
    assert params["customer_email"] == "member@example.com"
    assert params["success_url"] == f"http://testserver{payment.get_absolute_url()}"
    assert "line_items[0][price_data][recurring][interval]" not in params


def test_automatic_renewal_opens_a_subscription_and_can_be_cancelled(client, plans, make_user, fake_stripe):
    fake_stripe.answers["/v1/checkout/sessions"] = (200, SESSION)
    client.force_login(make_user())
    client.post("/join/", {"plan": plans["monthly"].pk, "provider": "stripe", "renew_automatically": "on"})
    params = {key: values[0] for key, values in fake_stripe.requests[0]["params"].items()}
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["line_items[0][price_data][unit_amount]"] == "600"
    assert params["subscription_data[metadata][kmp_reference]"] == Payment.objects.get().reference

    subscription = Subscription.objects.get()
    subscription.provider_subscription_id = "sub_77"
    subscription.save()
    fake_stripe.answers["/v1/subscriptions/sub_77"] = (
        200,
        {"id": "sub_77", "object": "subscription", "cancel_at_period_end": True},
    )
    response = client.post(f"/account/membership/recurring/{subscription.pk}/cancel/")
    assert response.status_code == 302
    cancel = fake_stripe.requests[-1]
    assert cancel["path"] == "/v1/subscriptions/sub_77" and cancel["params"] == {
        "cancel_at_period_end": ["true"]
    }
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_a_monthly_donation_is_a_subscription(client, fake_stripe):
    fake_stripe.answers["/v1/checkout/sessions"] = (200, SESSION)
    client.post(
        "/donate/",
        {
            "amount": "15",
            "frequency": "monthly",
            "provider": "stripe",
            "donor_name": "Ada",
            "donor_email": "ada@example.com",
        },
    )
    params = {key: values[0] for key, values in fake_stripe.requests[0]["params"].items()}
    assert params["mode"] == "subscription" and params["line_items[0][price_data][unit_amount]"] == "1500"
    assert Subscription.objects.get().purpose == "donation"


def test_when_stripe_refuses_nothing_is_kept_and_the_person_is_told(client, plans, make_user, fake_stripe):
    fake_stripe.answers["/v1/checkout/sessions"] = (
        400,
        {"error": {"type": "invalid_request_error", "message": "Amount too small", "user_message": None}},
    )
    client.force_login(make_user())
    response = client.post(
        "/join/", {"plan": plans["yearly"].pk, "provider": "stripe", "renew_automatically": "on"}
    )
    assert response.status_code == 200
    assert not Payment.objects.exists() and not Subscription.objects.exists()
    assert any("could not be started" in str(message) for message in get_messages(response.wsgi_request))


def test_when_stripe_will_not_stop_a_subscription_it_stays_active(client, plans, make_user, fake_stripe):
    member = make_user()
    subscription = Subscription.objects.create(
        user=member,
        purpose="membership",
        provider="stripe",
        plan=plans["monthly"],
        amount=600,
        provider_subscription_id="sub_9",
    )
    client.force_login(member)
    client.post(f"/account/membership/recurring/{subscription.pk}/cancel/")
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


SUBSCRIPTION = {
    "id": "sub_77",
    "object": "subscription",
    "status": "active",
    "items": {
        "object": "list",
        "data": [
            {
                "id": "si_1",
                "object": "subscription_item",
                "price": {"id": "price_old", "object": "price", "product": "prod_kmp", "unit_amount": 600},
            }
        ],
    },
}


@pytest.fixture
def card_member(plans, make_user):
    member = make_user()
    from community.people.models import Membership

    Membership.objects.create(user=member, plan="individual", started="2026-11-20", paid_until="2026-12-19")
    subscription = Subscription.objects.create(
        user=member,
        purpose="membership",
        provider="stripe",
        plan=plans["monthly"],
        amount=600,
        provider_subscription_id="sub_77",
    )
    return member, subscription


def test_a_card_member_changes_plan_in_place(client, plans, card_member, fake_stripe):
    member, subscription = card_member
    fake_stripe.answers["GET /v1/subscriptions/sub_77"] = (200, SUBSCRIPTION)
    fake_stripe.answers["/v1/subscriptions/sub_77"] = (200, SUBSCRIPTION)
    client.force_login(member)

    response = client.post("/account/membership/plan/", {"plan": plans["yearly"].pk})

    assert response.status_code == 302 and response.url == "/account/membership/"
    retrieve, update = fake_stripe.requests
    assert (retrieve["method"], retrieve["path"]) == ("GET", "/v1/subscriptions/sub_77")
    assert update["path"] == "/v1/subscriptions/sub_77" and update["authorization"] == "Bearer sk_test_kmp"
    params = {key: values[0] for key, values in update["params"].items()}
    assert params == {
        "items[0][id]": "si_1",
        "items[0][price_data][currency]": "usd",
        "items[0][price_data][product]": "prod_kmp",
        "items[0][price_data][unit_amount]": "6000",
        "items[0][price_data][recurring][interval]": "year",
        "proration_behavior": "none",
        "metadata[kmp_plan]": str(plans["yearly"].pk),
    }
    subscription.refresh_from_db()
    assert (subscription.plan, subscription.amount) == (plans["yearly"], 6_000)
    page = client.get("/account/membership/").content.decode()
    assert "Your automatic renewal is now Individual" in page and "60.00 USD each time" in page


def test_when_stripe_refuses_the_change_the_plan_stays(client, plans, card_member, fake_stripe):
    member, subscription = card_member
    fake_stripe.answers["GET /v1/subscriptions/sub_77"] = (200, SUBSCRIPTION)
    fake_stripe.answers["/v1/subscriptions/sub_77"] = (
        400,
        {"error": {"type": "invalid_request_error", "message": "No such price", "user_message": None}},
    )
    client.force_login(member)
    response = client.post("/account/membership/plan/", {"plan": plans["yearly"].pk}, follow=True)
    assert "Stripe could not change the plan" in response.content.decode()
    subscription.refresh_from_db()
    assert (subscription.plan, subscription.amount) == (plans["monthly"], 600)


def test_a_member_changes_only_their_own_plan_and_only_to_an_offered_one(
    client, plans, card_member, fake_stripe, make_user
):
    member, subscription = card_member
    retired = plans["yearly"]
    retired.is_offered = False
    retired.save()
    client.force_login(member)
    response = client.post("/account/membership/plan/", {"plan": retired.pk}, follow=True)
    assert "Choose one of the plans offered" in response.content.decode()

    other = make_user()
    client.force_login(other)
    retired.is_offered = True
    retired.save()
    # Naming the member's recurring payment changes nothing of theirs: only one's own is changed.
    response = client.post("/account/membership/plan/", {"plan": retired.pk, "subscription": subscription.pk})
    assert response.status_code == 302 and response.url == f"/join/?plan={retired.pk}"
    assert fake_stripe.requests == []
    subscription.refresh_from_db()
    assert (subscription.plan, subscription.amount) == (plans["monthly"], 600)
