"""Outgoing mail through the task queue, so that a mail server that is down or
refusing delays messages instead of losing them or failing the request.

EMAIL_BACKEND = "portal.mail.TaskQueueEmailBackend" turns each message into a
`deliver_email` task (portal.tasks); the task sends it with EMAIL_DELIVERY_BACKEND
(SMTP by default) and, when that fails, enqueues itself again after the next of
EMAIL_RETRY_DELAYS. With the database task backend and `manage.py db_worker` the
messages wait in the database meanwhile."""

import base64
import logging

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

# Seconds before each retry: a minute, five, a quarter of an hour, then hourly for a day.
DEFAULT_RETRY_DELAYS = [60, 300, 900] + [3600] * 24


class TaskQueueEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import deliver_email

        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(message_to_dict(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue an email")
                continue
            sent += 1
        return sent


def _content(value):
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return {"text": value}


def _from_content(data):
    return base64.b64decode(data["base64"]) if "base64" in data else data["text"]


def message_to_dict(message):
    """A JSON-ready copy of an EmailMessage (task arguments are JSON)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment  # MIMEBase parts are not used by the site
        attachments.append({"filename": filename, "content": _content(content), "mimetype": mimetype})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_dict(data, connection=None):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        message.attach(attachment["filename"], _from_content(attachment["content"]), attachment["mimetype"])
    return message
