from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
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
