"""/healthz and /readyz: what a load balancer and an operator see."""

import json
import os
import subprocess
import sys

import pytest

from .servers import RedisServer, free_port
from .test_database_outage import PROJECT_DIR

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_readyz_tells_the_public_the_status_alone(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_shows_each_check_to_staff(client, make_user):
    client.force_login(make_user(is_staff=True))
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "task_queue": True,
    }


def test_readyz_shows_each_check_to_a_token_and_not_to_a_wrong_one(client, settings):
    settings.READYZ_TOKEN = "s3cret-token"
    assert "checks" in client.get("/readyz", HTTP_AUTHORIZATION="Bearer s3cret-token").json()
    assert "checks" not in client.get("/readyz", HTTP_AUTHORIZATION="Bearer guess").json()
    assert "checks" not in client.get("/readyz").json()


def test_readyz_reports_a_task_queue_no_worker_takes(client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import deliver_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.READYZ_TOKEN = "t"
    deliver_email.enqueue({"to": []})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    queue = client.get("/readyz", HTTP_AUTHORIZATION="Bearer t").json()["checks"]["task_queue"]
    assert queue["ok"] is True
    assert queue["ready"] == 1
    assert queue["oldest_ready_seconds"] >= 600


def test_readyz_is_degraded_but_serving_without_redis(client, settings):
    from portal.breaker import reset_breakers

    server = RedisServer().start()
    try:
        reset_breakers()
        settings.READYZ_TOKEN = "t"
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.cache_backends.RedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
            }
        }
        assert client.get("/readyz").json() == {"status": "ok"}
        server.kill()
        response = client.get("/readyz", HTTP_AUTHORIZATION="Bearer t")
    finally:
        server.stop()
        reset_breakers()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in body["checks"]["cache"]["error"]


def test_readyz_is_503_without_the_database():
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False)\n"
        "for path in ['/healthz', '/readyz']:\n"
        "    r = client.get(path, HTTP_COOKIE='sessionid=abc')\n"
        "    print(json.dumps({'status': r.status_code, 'body': r.content.decode()}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://kmp@127.0.0.1:{free_port()}/kmp",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    healthz, readyz = [json.loads(line) for line in result.stdout.splitlines()]
    assert healthz == {"status": 200, "body": "ok\n"}
    assert readyz["status"] == 503
    assert json.loads(readyz["body"]) == {"status": "unavailable"}
