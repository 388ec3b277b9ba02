"""The certificate email, sent through the task queue like the site's other emails:
completing a course queues `send_certificate_email` once the completion is committed;
the task renders the message and sends it through EMAIL_BACKEND, which in production is
portal.mail's queue (`deliver_email` in portal/tasks.py retries while the mail server
is down). Neither a mail server nor a queue that fails ever undoes the completion."""

import logging

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from portal.emails import render_plain_text, render_subject, site_email
from portal.site_urls import absolute_url

from .certificates import verification_url

logger = logging.getLogger(__name__)


@task()
def send_certificate_email(enrolment_id, site_name=None):
    """Tell the learner their certificate is ready. Nothing is sent for an enrolment
    without a certificate (gone, or never completed) or a learner without an email.
    The site's name comes from Site settings; `site_name` is taken and ignored only so
    that a task queued before that (with the name as its second argument) still runs."""
    from .models import Enrolment

    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(pk=enrolment_id, certificate_code__isnull=False)
        .first()
    )
    if enrolment is None or not enrolment.user.email:
        return False
    context = {
        "user": enrolment.user,
        "course": enrolment.course,
        "certificate_url": absolute_url(reverse("courses:certificate", args=[enrolment.course_id])),
        "verification_url": verification_url(enrolment),
    }
    subject = render_subject("courses/emails/certificate_subject.txt", context)
    body = render_plain_text("courses/emails/certificate_body.txt", context)
    site_email(subject, body, [enrolment.user.email]).send()
    return True


def queue_certificate_email(enrolment):
    """Queue the email once the completion is committed; a queue that refuses is logged."""

    def enqueue():
        try:
            send_certificate_email.enqueue(enrolment.pk)
        except Exception:
            logger.exception("Could not queue the certificate email for enrolment %s", enrolment.pk)

    transaction.on_commit(enqueue)
