"""Every allauth screen the site exposes is one of the site's pages: the site's header
and footer around it, headings and buttons in sentence case, the password rules in one
line under the field and each error next to its field.

The screens are found by walking the URLconf for allauth's views, so a screen that a
new allauth setting switches on is checked too, or named below with the reason it shows
no page of its own."""

import re
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from community.people.account_forms import password_rules
from portal.text import is_title_case

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"  # noqa: S105 (a test user's password)
# Screens no visitor reaches as a page, and why.
NO_PAGE = {
    "account_confirm_login_code": "signing in by emailed code is off (ACCOUNT_LOGIN_BY_CODE_ENABLED)",
    "mfa_download_recovery_codes": "a text file to download, not a screen",
}
# Sample values for the URL arguments allauth's patterns take; a wrong key shows the
# screen that says the link is wrong or has expired.
SAMPLE_ARGUMENTS = {"key": "not-a-real-key", "uidb36": "1"}


def allauth_patterns():
    """(URL name, path) of every allauth view in the URLconf."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + pattern.pattern.regex.pattern.lstrip("^"))
            elif isinstance(pattern, URLPattern) and pattern.callback.__module__.startswith("allauth."):
                yield pattern.name, prefix + pattern.pattern.regex.pattern.lstrip("^")

    for name, regex in walk(get_resolver().url_patterns, ""):
        path = re.sub(r"\\Z|\$", "", regex).replace("\\-", "-")
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: SAMPLE_ARGUMENTS[match.group(1)], path)
        yield name, "/" + path


def signed_in(user, *methods, reauthenticated=False):
    """A client signed in as user, as allauth leaves it after these sign-in methods
    (and a password asked again a moment ago, when reauthenticated)."""
    client = Client()
    client.force_login(user)
    session = client.session
    records = [{"method": method, "at": time.time()} for method in methods]
    if reauthenticated:
        records.append({"method": "password", "at": time.time(), "reauthenticated": True})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def halfway_through_signing_in(user):
    """A client that gave the password of a user with a second factor, not yet the code."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    return client


@pytest.fixture
def visitors(home_page, make_user):
    """Everyone an allauth screen is for, each as a function giving their client: a
    stranger, a member, a member with a second factor (who just gave their password
    again), a member without a password (who may set one), and a member halfway through
    signing in with a second factor (afresh for every screen)."""
    member = make_user(email="member@example.com", password=PASSWORD)
    with_totp = make_user(email="totp@example.com", password=PASSWORD)
    no_password = make_user(email="nopassword@example.com")
    no_password.set_unusable_password()
    no_password.save()
    Authenticator.objects.create(
        user=with_totp, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    RecoveryCodes.activate(with_totp)
    clients = [
        Client(),
        signed_in(member, "password"),
        signed_in(with_totp, "password", "mfa", reauthenticated=True),
        signed_in(no_password, "password"),
    ]
    return [lambda client=client: client for client in clients] + [
        lambda: halfway_through_signing_in(with_totp)
    ]


def screens(visitors):
    """{URL name: [(path, HTML) of every visitor's page that answered 200]}"""
    found = {}
    for name, path in allauth_patterns():
        found[name] = []
        for visitor in visitors:
            response = visitor().get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                found[name].append((path, response.content.decode()))
    return found


def test_every_allauth_screen_is_a_page_of_the_site_in_sentence_case(visitors):
    found = screens(visitors)
    assert {"account_login", "account_signup", "account_email", "mfa_index"} <= set(found)
    unseen = sorted(name for name, pages in found.items() if not pages and name not in NO_PAGE)
    assert not unseen, (
        f"allauth screens no visitor here reaches: {unseen}; add a visitor or say why in NO_PAGE"
    )
    for pages in found.values():
        for path, html in pages:
            soup = BeautifulSoup(html, "html.parser")
            assert soup.find("header", class_="site-header") and soup.find("footer", class_="site-footer"), (
                path
            )
            assert soup.find("div", class_="auth-card"), path
            headings = [h.get_text(" ", strip=True) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
            assert headings, path
            words = headings + [
                b.get_text(" ", strip=True) for b in soup.select(".auth-card button, .auth-card a.button")
            ]
            words.append(soup.title.get_text(" ", strip=True))
            assert not [text for text in words if is_title_case(text)], (path, words)


def test_the_password_rules_are_one_line_under_the_field_and_errors_sit_by_their_field(client, home_page):
    html = client.get("/accounts/signup/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    password = soup.find("input", attrs={"name": "password1"})
    wrapper = password.find_parent("div", class_="field")
    help_text = wrapper.find(class_="helptext")
    assert help_text.get_text(strip=True) == password_rules()
    assert (
        password_rules()
        == "At least 10 characters, not like your email address, not a common password and not only digits."
    )
    assert help_text["id"] in password["aria-describedby"]
    assert not wrapper.find("ul")  # not the list of every validator's text

    response = client.post(
        "/accounts/signup/", {"email": "new@example.com", "password1": "12345", "password2": "12345"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    wrapper = soup.find("input", attrs={"name": "password1"}).find_parent("div", class_="field")
    assert "too short" in wrapper.find(class_="field-error").get_text()
    assert (
        soup.find("label", attrs={"for": "id_password2"}).get_text(strip=True).rstrip(":")
        == "Password (again)"
    )
