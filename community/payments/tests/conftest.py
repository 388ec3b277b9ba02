import hashlib
import hmac
import json
import time

import pytest

from community.payments.factories import MembershipPlanFactory

WEBHOOK_SECRET = "whsec_test_kmp_secret"


@pytest.fixture
def plans(db):
    return {
        "yearly": MembershipPlanFactory(name="Individual", price=6_000, interval="year", sort_order=1),
        "monthly": MembershipPlanFactory(name="Monthly", price=600, interval="month", sort_order=2),
    }


@pytest.fixture
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_kmp"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return settings


def sign(payload, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header Stripe sends: HMAC-SHA256 of "<timestamp>.<payload>"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_id, event_type, obj, created=None):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": created or int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    )


@pytest.fixture
def deliver(client, stripe_settings):
    """POST a signed event to the webhook as Stripe would; returns the response."""

    def post(payload, signature=None):
        return client.post(
            "/payments/webhook/stripe/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature if signature is not None else sign(payload),
        )

    return post
