"""Emails are written as plain text: a title with an apostrophe, quotes or an ampersand
reaches the subject and the body as written, never as an HTML entity. Every email is
sent in the site's frame (portal.emails.site_email): a plain-text and an HTML part,
the site's name and its public address, allauth's included."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from wagtail.models import Site

from portal.emails import render_plain_text, render_subject, site_email
from portal.models import SiteSettings

A_DATE = datetime(2026, 5, 21, 12, tzinfo=UTC)
TRICKY = 'Branch managers\' "CoP" <R&D>'
# A site renamed in Settings → Site settings: no email may still say the demo's name.
SITE_NAME = "Northbridge KM Commons"
pytestmark = pytest.mark.django_db


class Anything(str):
    """Any attribute of it is itself, so every variable a template names prints TRICKY."""

    def __getattribute__(self, name):
        if name.startswith("_"):
            return super().__getattribute__(name)
        if name == "count":
            return 2
        dated = name.startswith(("local_", "start", "end")) or name.endswith(("_on", "_until", "_at"))
        return A_DATE if dated else self

    def __call__(self):
        return self


def email_templates():
    """The site's own email templates; allauth renders its account/ ones itself."""
    root = Path(settings.BASE_DIR) / "templates"
    names = (str(path.relative_to(root)) for path in root.glob("*/email*/*.txt"))
    return sorted(name for name in names if not name.startswith("account/"))


def template_context(template_name):
    """Every variable the template names (so a new email is covered as it is written),
    except the site's name and address, which every email template is given from the
    site's settings (portal.emails.render_plain_text)."""
    source = (Path(settings.BASE_DIR) / "templates" / template_name).read_text()
    names = set(re.findall(r"(?:{{\s*|=\s*|\bif\s+|\bin\s+)([a-z_]\w*)", source)) | {"page", "user"}
    names -= {"site_name", "site_url"}
    return {name: Anything(TRICKY) for name in names} | {"reason": TRICKY}


def test_every_email_template_is_found():
    subjects = [name for name in email_templates() if name.endswith("_subject.txt")]
    assert len(subjects) >= 12
    assert "wishlists/emails/offer_made_subject.txt" in subjects


@pytest.mark.parametrize("template_name", email_templates())
def test_every_email_template_renders_text_unescaped(template_name):
    source = (Path(settings.BASE_DIR) / "templates" / template_name).read_text()
    printed = set(re.findall(r"{{\s*(\w+)", source)) - set(re.findall(r"\bcount\s+(\w+)=", source))
    printed -= {"site_name", "site_url"}
    context = template_context(template_name)
    render = render_subject if template_name.endswith("_subject.txt") else render_plain_text
    text = render(template_name, context)
    assert TRICKY in text or not printed
    assert "&#x27;" not in text and "&quot;" not in text and "&amp;" not in text and "&lt;" not in text


# Every email in the site's frame: a plain-text and an HTML part, the site's name and its
# public address (Settings → Sites), never the host a request came in on.

PUBLIC_ROOT = "https://kmp.example"
REQUEST_HOST = "127.0.0.1:8312"
SENDERS = re.compile(
    r"(?<!def )(?<![\w.])(?:EmailMessage|EmailMultiAlternatives|send_mail|send_mass_mail|mail_admins)\("
)


@pytest.fixture
def public_site(db):
    """The default site on its public address, which differs from the request's host."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "kmp.example", 443
    site.save()
    return site


@pytest.fixture
def renamed_site(public_site):
    """The public site under another name (Settings → Site settings)."""
    site_settings = SiteSettings.for_site(public_site)
    site_settings.site_name = SITE_NAME
    site_settings.save()
    return public_site


def html_part(message):
    return dict((mimetype, content) for content, mimetype in message.alternatives)["text/html"]


def assert_branded(message, site_name="KMP Portal"):
    html = html_part(message)
    for part in (message.body, html):
        assert f"{PUBLIC_ROOT}/" in part and site_name in part
        assert REQUEST_HOST not in part and "127.0.0.1" not in part and "testserver" not in part
    assert not message.subject.startswith("[") and REQUEST_HOST not in message.subject
    assert html.lstrip().startswith("<!DOCTYPE html>")


def python_sources():
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".", "bench/")) or "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, path.read_text()


def test_every_email_is_built_by_site_email():
    """No module builds or sends a message itself: portal.emails.site_email is the one
    place (allauth's go through the account adapter's render_mail, which calls it)."""
    builders = sorted(
        name
        for name, source in python_sources()
        if SENDERS.search(source) and name not in ("portal/emails.py", "portal/mail.py", "portal/tasks.py")
    )
    assert builders == []


@pytest.mark.parametrize(
    "template_name", [name for name in email_templates() if not name.endswith("_subject.txt")]
)
def test_every_email_template_has_both_parts_and_the_sites_address(template_name, public_site):
    context = template_context(template_name)
    text = render_plain_text(template_name, context)
    html_template = template_name.replace(".txt", ".html")
    has_html = (Path(settings.BASE_DIR) / "templates" / html_template).exists()
    message = site_email(
        "A subject",
        text,
        ["someone@example.com"],
        html_template=html_template if has_html else None,
        context=context,
    )
    assert_branded(message)
    assert text.strip() in message.body


def assert_renamed(message):
    """The message names the renamed site and nowhere the demo's name."""
    assert_branded(message, SITE_NAME)
    for part in (message.subject, message.body, html_part(message)):
        assert "KMP Portal" not in part, part


def email_pairs():
    """(subject, body, HTML body or None) of every email template of the site's own."""
    names = set(email_templates())
    pairs = []
    for subject in sorted(name for name in names if name.endswith("_subject.txt")):
        stem = subject.removesuffix("_subject.txt")
        body = next(name for name in (f"{stem}.txt", f"{stem}_body.txt") if name in names)
        html = body.replace(".txt", ".html")
        pairs.append(
            (subject, body, html if (Path(settings.BASE_DIR) / "templates" / html).exists() else None)
        )
    return pairs


def test_every_email_body_has_its_subject():
    paired = {name for subject, body, _html in email_pairs() for name in (subject, body)}
    assert paired == set(email_templates())


@pytest.mark.parametrize("subject_template, body_template, html_template", email_pairs())
def test_every_email_names_the_site_by_its_settings(
    subject_template, body_template, html_template, renamed_site
):
    context = template_context(subject_template) | template_context(body_template)
    subject = render_subject(subject_template, context)
    text = render_plain_text(body_template, context)
    message = site_email(subject, text, ["someone@example.com"], html_template=html_template, context=context)
    assert_renamed(message)
    for template_name, part in ((subject_template, subject), (body_template, text)):
        if "site_name" in (Path(settings.BASE_DIR) / "templates" / template_name).read_text():
            assert SITE_NAME in part, template_name


def test_allauths_emails_are_the_sites_own_on_its_public_address(client, public_site, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Ada",
            "email": "new@example.com",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
        HTTP_HOST=REQUEST_HOST,
    )
    client.logout()
    client.post("/accounts/password/reset/", {"email": "new@example.com"}, HTTP_HOST=REQUEST_HOST)
    confirm, reset = mailoutbox
    assert confirm.subject == "Please confirm your email address"
    assert f"{PUBLIC_ROOT}/accounts/confirm-email/" in confirm.body
    assert "Hello from" not in confirm.body
    assert (
        reset.subject == "Password reset email"
        and f"{PUBLIC_ROOT}/accounts/password/reset/key/" in reset.body
    )
    for message in mailoutbox:
        assert_branded(message)


def test_allauths_emails_name_the_site_by_its_settings(client, renamed_site, mailoutbox, make_user, settings):
    settings.LOGIN_FAILURES_BEFORE_NOTICE = 1
    user = make_user(email="member@example.com")
    client.post("/accounts/password/reset/", {"email": user.email}, HTTP_HOST=REQUEST_HOST)
    client.post("/accounts/login/", {"login": user.email, "password": "a guess"}, HTTP_HOST=REQUEST_HOST)
    reset, failed_logins = mailoutbox
    assert failed_logins.subject == f"Someone is trying to sign in to your {SITE_NAME} account"
    for message in mailoutbox:
        assert_renamed(message)


def test_a_reset_link_from_the_email_opens_the_reset_form(client, public_site, mailoutbox, make_user):
    user = make_user(email="member@example.com")
    client.post("/accounts/password/reset/", {"email": user.email}, HTTP_HOST=REQUEST_HOST)
    link = re.search(rf"{PUBLIC_ROOT}(/accounts/password/reset/key/\S+)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200 and b'name="password1"' in response.content


@pytest.mark.parametrize("kind", ["approved", "rejected", "workflow_state_submitted"])
@pytest.mark.parametrize("site_name", ["KMP Portal", SITE_NAME])
def test_wagtails_moderation_emails_are_in_the_sites_frame_too(
    kind, site_name, home_page, public_site, make_user
):
    site_settings = SiteSettings.for_site(public_site)
    site_settings.site_name = site_name
    site_settings.save()
    revision = home_page.save_revision()
    context = {"revision": revision, "page": home_page, "user": make_user(), "settings": settings}
    context |= {"workflow_state": None, "task": None, "object": home_page, "model_name": "page"}
    html = render_to_string(f"wagtailadmin/notifications/{kind}.html", context)
    text = render_to_string(f"wagtailadmin/notifications/{kind}.txt", context)
    for part in (html, text):
        assert f"{PUBLIC_ROOT}/" in part and site_name in part
        assert site_name == "KMP Portal" or "KMP Portal" not in part
    assert html.lstrip().startswith("<!DOCTYPE html>") and "email-header.jpg" not in html
