import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from community.people.models import User

GOOD = {
    "email": "new.learner@example.com",
    "first_name": "Nia",
    "last_name": "Learner",
    "password1": "a-sturdy-passphrase-42",
    "password2": "a-sturdy-passphrase-42",
}


def signup(client, **changes):
    return client.post("/accounts/signup/", {**GOOD, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "taken@example.com"}, "A user is already registered with this email address."),
        ({"password1": "password", "password2": "password"}, "This password is too common."),
        ({"password1": "12345678901", "password2": "12345678901"}, "This password is entirely numeric."),
        ({"password2": "a-different-passphrase-42"}, "You must type the same password each time."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"first_name": ""}, "This field is required."),
    ],
)
def test_bad_sign_up_shows_the_error_and_creates_nothing(client, make_user, changes, message):
    make_user(email="taken@example.com")
    before = User.objects.count()
    response = signup(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert User.objects.count() == before
    assert mail.outbox == []


def test_honeypot_sign_up_creates_nothing(client, db):
    signup(client, website="http://spam.example")
    assert not User.objects.filter(email=GOOD["email"]).exists()


def test_sign_up_requires_email_verification_then_logs_in(client, db):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email=GOOD["email"])
    assert user.first_name == "Nia"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    response = client.post("/accounts/login/", {"login": GOOD["email"], "password": GOOD["password1"]})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_the_eleventh_failed_login_in_a_minute_is_refused(client, make_user):
    # Ten different accounts so the per-account limit (5 per 5 minutes) is not what trips.
    users = [make_user() for _ in range(11)]
    for user in users[:10]:
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    # Even the right password is refused once the limit is reached.
    response = client.post(
        "/accounts/login/", {"login": users[10].email, "password": "correct-horse-battery"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_only_to_known_addresses(client, make_user):
    user = make_user()
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_account_page_needs_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
