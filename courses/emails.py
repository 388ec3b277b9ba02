import logging

from django.core.mail import send_mail
from django.urls import reverse

from portal.emails import render_plain_text, render_subject
from portal.site_urls import absolute_url

from .certificates import verification_url

logger = logging.getLogger(__name__)


def send_certificate_email(enrolment, site_name="KMP Portal"):
    """Tell the learner their certificate is ready; a mail failure never undoes the completion."""
    context = {
        "user": enrolment.user,
        "course": enrolment.course,
        "site_name": site_name,
        "certificate_url": absolute_url(reverse("courses:certificate", args=[enrolment.course_id])),
        "verification_url": verification_url(enrolment),
    }
    subject = render_subject("courses/emails/certificate_subject.txt", context)
    body = render_plain_text("courses/emails/certificate_body.txt", context)
    try:
        send_mail(subject, body, None, [enrolment.user.email])
    except Exception:
        logger.exception("Could not send the certificate email for enrolment %s", enrolment.pk)
