"""Plausible down (its URL a closed port, a real refused connection): the import says so
in one line without a traceback and changes nothing, and the admin dashboard says the
last import failed and when, until an import succeeds."""

import pytest
from django.core.management import call_command

from community.tracking.management.commands.import_plausible import Command
from community.tracking.models import PageViewDaily, PlausibleImport
from community.tracking.tests.test_plausible import plausible, site_settings  # noqa: F401
from portal.tests.servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def plausible_down(settings):
    settings.PLAUSIBLE_API_KEY = "test-key"
    settings.PLAUSIBLE_API_URL = f"http://127.0.0.1:{free_port()}"


@pytest.fixture(autouse=True)
def keep_test_database_open(monkeypatch):
    # run_from_argv closes every connection when it ends; the test database must stay open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def run_as_manage_py(*args):
    """As `manage.py import_plausible ...` runs it: an error ends the process with status 1."""
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "import_plausible", *args])
    return exit_info.value.code


def test_import_fails_with_one_clear_line(plausible_down, site_settings, capsys):  # noqa: F811
    assert run_as_manage_py("--from", "2026-03-01", "--to", "2026-03-01") == 1
    err = capsys.readouterr().err
    assert "Could not reach Plausible" in err and "Nothing was changed." in err
    assert "Traceback" not in err
    assert not PageViewDaily.objects.exists()
    failed = PlausibleImport.objects.get()
    assert not failed.succeeded and "Could not reach Plausible" in failed.message


def test_the_dashboard_says_when_the_last_import_failed(
    client,
    plausible_down,
    site_settings,  # noqa: F811
    make_user,
):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert "plausible-failed" not in client.get("/admin/").content.decode()
    run_as_manage_py("--from", "2026-03-01", "--to", "2026-03-01")
    failed = PlausibleImport.objects.get()
    dashboard = client.get("/admin/").content.decode()
    assert "plausible-failed" in dashboard
    assert f"The last Plausible import failed on {failed.ran_at:%Y-%m-%d %H:%M} UTC" in dashboard
    assert "Could not reach Plausible" in dashboard


def test_a_later_successful_import_clears_the_notice(client, plausible, site_settings, make_user):  # noqa: F811
    client.force_login(make_user(is_superuser=True, is_staff=True))
    PlausibleImport.objects.create(succeeded=False, message="Could not reach Plausible")
    assert "plausible-failed" in client.get("/admin/").content.decode()
    call_command("import_plausible", "--from", "2026-03-01", "--to", "2026-03-01", verbosity=0)
    assert PlausibleImport.objects.first().succeeded
    assert "plausible-failed" not in client.get("/admin/").content.decode()
