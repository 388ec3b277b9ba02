"""Certificate codes, verification links and the sharing link for a profile.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about
59 random bits, read and typed in any case and with or without the dashes that group
it by four. Certificates issued before kept their 22-character URL-safe codes; those
are still found, exactly as issued."""

import re
import secrets
from urllib.parse import urlencode

from django.urls import reverse

from portal.site_urls import absolute_url

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
SHORT_CODE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
LEGACY_CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def new_certificate_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """A short code as stored (capitals, no dashes or spaces), or '' when `text` is not one."""
    candidate = re.sub(r"[\s-]", "", str(text)).upper()
    return candidate if SHORT_CODE.match(candidate) else ""


def is_code(text):
    return bool(normalise_code(text) or LEGACY_CODE.match(str(text)))


def display_code(code):
    """A short code in groups of four (ABCD-EFGH-JKMN); an older code as it was issued."""
    if code and SHORT_CODE.match(code):
        return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    return code


def find_certificate(text):
    """The completed enrolment whose certificate `text` names, or None."""
    from .models import Enrolment

    code = normalise_code(text) or (text if LEGACY_CODE.match(str(text)) else "")
    if not code:
        return None
    return (
        Enrolment.objects.select_related("course", "user")
        .filter(certificate_code=code, completed_at__isnull=False)
        .first()
    )


def verification_url(enrolment):
    """The public verification page on the site's own address (for the QR code too)."""
    code = display_code(enrolment.certificate_code)
    return absolute_url(reverse("courses:verify_certificate", args=[code]))


def linkedin_url(enrolment, organisation):
    """LinkedIn's "Add to profile" form with the certification's fields filled in."""
    completed = enrolment.completed_at
    return (
        LINKEDIN_ADD_TO_PROFILE
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": enrolment.course.title,
                "organizationName": organisation,
                "issueYear": completed.year,
                "issueMonth": completed.month,
                "certUrl": verification_url(enrolment),
                "certId": display_code(enrolment.certificate_code),
            }
        )
    )
