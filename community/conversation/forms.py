from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.forms import HoneypotMixin, PlainTextField

from .models import MAX_COMMENT_LENGTH
from .text import count_links

DEFAULT_MAX_LINKS = 2


def max_links():
    return getattr(settings, "KMP_COMMENT_MAX_LINKS", DEFAULT_MAX_LINKS)


class CommentForm(HoneypotMixin, forms.Form):
    body = PlainTextField(label=_("Your comment"), multiline=True, max_length=MAX_COMMENT_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()

    def clean_body(self):
        body = self.cleaned_data["body"]
        limit = max_links()
        if count_links(body) > limit:
            raise ValidationError(
                ngettext(
                    "A comment may hold at most %(max)d link.",
                    "A comment may hold at most %(max)d links.",
                    limit,
                )
                % {"max": limit}
            )
        return body


class FlagForm(HoneypotMixin, forms.Form):
    reason = PlainTextField(label=_("What is wrong with it? (optional)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()


class SubscribeForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(label=_("Your email address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()


class DigestPreferencesForm(forms.Form):
    active = forms.BooleanField(label=_("Send me the weekly digest"), required=False)


class ContactForm(HoneypotMixin, forms.Form):
    message = PlainTextField(label=_("Your message"), multiline=True, max_length=3000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()


MAX_RECAP_LINKS = 10


class RecapForm(forms.Form):
    text = PlainTextField(label=_("What happened"), multiline=True, max_length=10_000)
    transcript = PlainTextField(
        label=_("Transcript (optional)"), multiline=True, max_length=100_000, required=False
    )
    links = forms.CharField(
        label=_("Links (optional)"),
        help_text=_("One address a line: slides, recording, notes."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_RECAP_LINKS:
            raise ValidationError(_("At most %(max)d links.") % {"max": MAX_RECAP_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(_("“%(line)s” is not a web address.") % {"line": line[:80]}) from None
        return "\n".join(lines)
