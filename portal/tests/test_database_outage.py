"""The database down: every page is a branded 503 with Retry-After, and the outage
is logged once, without a traceback. The site runs in a subprocess whose
DATABASE_URL points at a port nothing listens on."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from .servers import free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]

REQUESTS = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in ["/", "/blog/", "/accounts/login/", "/search/?q=knowledge", "/rewards/", "/wishes/offers/1/"]:
    response = client.get(path)
    print(json.dumps({"path": path, "status": response.status_code,
                      "retry_after": response.get("Retry-After"), "body": response.content.decode()}))
"""


def test_a_database_that_refuses_connections_gives_a_branded_503():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://kmp@127.0.0.1:{free_port()}/kmp",
    }
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    responses = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(responses) == 6
    for response in responses:
        assert response["status"] == 503, response["path"]
        assert response["retry_after"] == "30"
        assert "Back shortly" in response["body"]
        # The site's settings are in the database: the name comes from the settings file.
        assert f"<title>Back shortly · {settings.WAGTAIL_SITE_NAME}</title>" in response["body"]
        assert "Traceback" not in response["body"]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("The database is unavailable") == 1, result.stderr
