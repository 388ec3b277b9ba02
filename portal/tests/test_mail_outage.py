"""Mail server down: messages wait in the task queue (the database backend) and are
sent when it answers again. A port nothing listens on refuses the first attempt; a
real SMTP server (aiosmtpd) started on that port takes the retry."""

import time

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from .servers import free_port

# The worker takes its own transactions (BEGIN EXCLUSIVE on SQLite).
pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def queued_mail(settings):
    port = free_port()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "portal.mail.TaskQueueEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_RETRY_DELAYS = [1, 1]
    return port


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)


def test_a_password_reset_mail_waits_for_the_mail_server(client, make_user, queued_mail):
    user = make_user(email="owner@example.com")
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302  # the request does not wait for (or fail on) the mail server
    assert DBTaskResult.objects.filter(task_path="portal.tasks.deliver_email", status="READY").count() == 1

    run_worker()  # connection refused: the attempt fails and a retry is queued
    attempts = DBTaskResult.objects.filter(task_path="portal.tasks.deliver_email").order_by("enqueued_at")
    assert [a.status for a in attempts] == ["FAILED", "READY"]
    assert attempts[1].run_after is not None

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=queued_mail)
    controller.start()
    try:
        time.sleep(1.1)  # the retry's run_after
        run_worker()
    finally:
        controller.stop()
    assert [a.status for a in attempts.all()] == ["FAILED", "SUCCESSFUL"]
    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert recipients == ["owner@example.com"]
    assert "/accounts/password/reset/key/" in content


def test_a_mail_that_never_gets_through_is_given_up_after_the_last_retry(make_user, queued_mail, settings):
    from django.core.mail import send_mail

    settings.EMAIL_RETRY_DELAYS = [0, 0]
    send_mail("Hello", "Body", None, ["someone@example.com"])
    run_worker()
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "FAILED"]
