"""Emails are plain text: a title with an apostrophe, quotes or an ampersand reaches
the subject and the body as written, never as an HTML entity."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from portal.emails import render_plain_text, render_subject

A_DATE = datetime(2026, 5, 21, 12, tzinfo=UTC)
TRICKY = 'Branch managers\' "CoP" <R&D>'
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


def test_every_email_template_is_found():
    subjects = [name for name in email_templates() if name.endswith("_subject.txt")]
    assert len(subjects) >= 12
    assert "wishlists/emails/offer_made_subject.txt" in subjects


@pytest.mark.parametrize("template_name", email_templates())
def test_every_email_template_renders_text_unescaped(template_name):
    # Every variable the template names (so a new email is covered as it is written).
    source = (Path(settings.BASE_DIR) / "templates" / template_name).read_text()
    names = set(re.findall(r"(?:{{\s*|=\s*|\bif\s+|\bin\s+)([a-z_]\w*)", source)) | {"page", "user"}
    printed = set(re.findall(r"{{\s*(\w+)", source)) - set(re.findall(r"\bcount\s+(\w+)=", source))
    context = {name: Anything(TRICKY) for name in names} | {"site_name": "KMP Portal", "reason": TRICKY}
    render = render_subject if template_name.endswith("_subject.txt") else render_plain_text
    text = render(template_name, context)
    assert TRICKY in text or not printed
    assert "&#x27;" not in text and "&quot;" not in text and "&amp;" not in text and "&lt;" not in text
