import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .mail import DEFAULT_RETRY_DELAYS, message_from_dict

logger = logging.getLogger("portal.mail")
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@task()
def deliver_email(message, attempt=1):
    """Send one queued message (portal.mail); on failure, try again later."""
    connection = get_connection(getattr(settings, "EMAIL_DELIVERY_BACKEND", SMTP_BACKEND))
    try:
        connection.send_messages([message_from_dict(message, connection)])
    except Exception as exc:
        delays = getattr(settings, "EMAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS)
        to = ", ".join(message["to"])
        if attempt > len(delays) or not deliver_email.get_backend().supports_defer:
            logger.error(
                "Gave up sending %r to %s after %d attempts: %s", message["subject"], to, attempt, exc
            )
            raise
        retry_at = timezone.now() + timedelta(seconds=delays[attempt - 1])
        deliver_email.using(run_after=retry_at).enqueue(message, attempt + 1)
        logger.warning(
            "Could not send %r to %s (%s); trying again at %s", message["subject"], to, exc, retry_at
        )
        raise
    return {"to": message["to"], "attempt": attempt}
