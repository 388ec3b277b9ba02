"""A flood of wrong passwords against one account from elsewhere locks out the
flooder, never the owner, and the owner is told by email."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"


def log_in(client, email, password, ip):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def refused(response):
    return b"Too many failed login attempts" in response.content


def test_a_flood_from_elsewhere_does_not_lock_the_owner_out(client, make_user, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    owner = make_user(email="owner@example.com")
    attempts = [log_in(client, owner.email, "guess", ATTACKER) for _ in range(8)]
    assert [refused(r) for r in attempts] == [False] * 5 + [True] * 3
    # Even the right password is refused to the flooder's address now.
    assert refused(log_in(client, owner.email, PASSWORD, ATTACKER))

    response = log_in(client, owner.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_the_owner_is_limited_on_their_own_address_too(client, make_user):
    owner = make_user(email="owner@example.com")
    attempts = [log_in(client, owner.email, "typo", OWNER) for _ in range(6)]
    assert refused(attempts[-1])


def test_the_owner_is_told_once_when_failures_pile_up_from_anywhere(client, make_user, settings):
    settings.LOGIN_FAILURES_BEFORE_NOTICE = 6
    owner = make_user(email="owner@example.com")
    mail.outbox.clear()
    for index in range(12):  # two guesses each from six addresses: no address is limited
        log_in(client, owner.email, f"guess-{index}", f"203.0.113.{index // 2}")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "trying to sign in" in message.subject
    assert "/accounts/password/reset/" in message.body
    assert "You are not locked out" in message.body


def test_failures_against_an_unknown_address_send_nothing(client, db, settings):
    settings.LOGIN_FAILURES_BEFORE_NOTICE = 2
    mail.outbox.clear()
    for index in range(4):
        log_in(client, "nobody@example.com", "guess", f"203.0.113.{index}")
    assert mail.outbox == []
