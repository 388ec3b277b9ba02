"""Form pieces for text from people we do not know: plain text only (markup is
removed, not escaped, so what is stored is what the person meant, and templates escape
it on output) and a honeypot field that tells scripts from people; and the date input
every form uses, whose value the browser's date picker accepts."""

import html
import re

import nh3
from django import forms
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value):
    text = CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    # Decoding entities can reveal markup ("&lt;script&gt;"), so clean until nothing changes.
    for _attempt in range(4):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    else:
        text = nh3.clean(text, tags=set())
    return text.strip()


HONEYPOT_FIELD = "website"


class HoneypotMixin:
    """A field people never see; a bot that fills it in is treated as one."""

    def add_honeypot(self):
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def is_bot(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())


class PlainTextField(forms.CharField):
    """Markup removed; a value that was only markup counts as missing."""

    def __init__(self, *, multiline=False, **kwargs):
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return plain_text(value) if value else value


class BrowserDateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (YYYY-MM-DD) whatever the site's
    language: a date input rejects "03/12/2026" and shows nothing."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
