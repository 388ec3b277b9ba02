"""The Plausible client against a local HTTP server answering as the Stats API v2
documents: results of {"dimensions": [...], "metrics": [...]}, and errors."""

import json
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.tracking.factories import PageViewDailyFactory
from community.tracking.models import PageViewDaily
from community.tracking.plausible import PAGE_LIMIT, PlausibleClient, PlausibleError, import_daily_views
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db

API_KEY = "test-plausible-key"


class FakePlausible(BaseHTTPRequestHandler):
    """Answers by the server's `mode`; records every request body."""

    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if server.mode == "timeout":
            time.sleep(1.5)
        if self.headers.get("Authorization") != f"Bearer {API_KEY}" or server.mode == "401":
            return self.reply(401, {"error": "Invalid API key or site ID"})
        if server.mode == "429":
            return self.reply(429, {"error": "Too many API requests"}, {"Retry-After": "30"})
        if server.mode == "garbage":
            return self.reply(200, {"results": [{"dimensions": ["/article/"], "metrics": ["many"]}]})
        offset = body.get("pagination", {}).get("offset", 0)
        rows = server.rows[offset : offset + PAGE_LIMIT]
        self.reply(200, {"results": rows, "meta": {}, "query": body})

    def reply(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except BrokenPipeError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def plausible(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePlausible)
    server.mode = "ok"
    server.requests = []
    server.rows = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PLAUSIBLE_API_KEY = API_KEY
    settings.PLAUSIBLE_API_URL = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_settings(home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.plausible_domain = "kmp.example"
    settings.save()
    return settings


def row(path, day, visitors, pageviews):
    return {"dimensions": [path, day], "metrics": [visitors, pageviews]}


def test_import_fills_page_view_daily_from_the_documented_shape(plausible, site_settings, home_page, article):
    plausible.rows = [
        row("/article/", "2026-03-01", 12, 20),
        row("/article", "2026-03-01", 1, 1),  # the same page without its trailing slash
        row("/", "2026-03-02", 40, 55),
        row("/gone/", "2026-03-02", 3, 3),
    ]
    out = StringIO()
    call_command("import_plausible", "--from", "2026-03-01", "--to", "2026-03-02", stdout=out)
    request = plausible.requests[0]
    assert request["path"] == "/api/v2/query"
    assert request["auth"] == f"Bearer {API_KEY}"
    assert request["body"]["site_id"] == "kmp.example"
    assert request["body"]["metrics"] == ["visitors", "pageviews"]
    assert request["body"]["dimensions"] == ["event:page", "time:day"]
    assert request["body"]["date_range"] == ["2026-03-01", "2026-03-02"]
    counts = {(r.page_id, r.day): (r.views, r.visitors) for r in PageViewDaily.objects.all()}
    assert counts == {
        (article.pk, date(2026, 3, 1)): (21, 13),
        (home_page.pk, date(2026, 3, 2)): (55, 40),
    }
    assert "Imported 76 views on 2 page-days" in out.getvalue()
    assert "/gone/" in out.getvalue()


def test_import_replaces_the_days_plausible_reports_and_keeps_the_rest(plausible, site_settings, article):
    PageViewDailyFactory(page=article, day=date(2026, 3, 1), views=999, visitors=999)
    PageViewDailyFactory(page=article, day=date(2026, 2, 1), views=7, visitors=7)
    plausible.rows = [row("/article/", "2026-03-01", 2, 3)]
    import_daily_views("kmp.example", date(2026, 3, 1), date(2026, 3, 1))
    assert PageViewDaily.objects.get(day=date(2026, 3, 1)).views == 3
    assert PageViewDaily.objects.get(day=date(2026, 2, 1)).views == 7


def test_results_are_read_page_by_page(plausible, site_settings, article, monkeypatch):
    monkeypatch.setattr("community.tracking.plausible.PAGE_LIMIT", 2)
    monkeypatch.setattr(f"{__name__}.PAGE_LIMIT", 2)
    plausible.rows = [row("/article/", f"2026-03-0{day}", 1, day) for day in range(1, 6)]
    import_daily_views("kmp.example", date(2026, 3, 1), date(2026, 3, 5))
    assert [r["body"]["pagination"]["offset"] for r in plausible.requests] == [0, 2, 4]
    assert PageViewDaily.objects.count() == 5


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("401", "refused the API key (401)"),
        ("429", "rate limit was reached (429). Try again in 30 seconds"),
        ("timeout", "did not answer within 0.5 seconds"),
        ("garbage", "Unexpected row"),
    ],
)
def test_errors_are_reported_clearly_and_change_nothing(plausible, site_settings, article, mode, message):
    PageViewDailyFactory(page=article, day=date(2026, 3, 1), views=5, visitors=4)
    plausible.mode = mode
    with pytest.raises(CommandError) as error:
        call_command("import_plausible", "--from", "2026-03-01", "--to", "2026-03-01", "--timeout", "0.5")
    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert list(PageViewDaily.objects.values_list("views", "visitors")) == [(5, 4)]


def test_an_error_on_a_later_page_of_results_changes_nothing(plausible, site_settings, article, monkeypatch):
    monkeypatch.setattr("community.tracking.plausible.PAGE_LIMIT", 1)
    plausible.rows = [row("/article/", "2026-03-01", 1, 1), {"dimensions": ["/article/"], "metrics": []}]
    with pytest.raises(PlausibleError):
        import_daily_views("kmp.example", date(2026, 3, 1), date(2026, 3, 2))
    assert not PageViewDaily.objects.exists()


def test_a_wrong_key_is_a_clear_error(plausible, site_settings):
    client = PlausibleClient("not-the-key")
    with pytest.raises(PlausibleError, match="401"):
        list(client.daily_page_stats("kmp.example", date(2026, 3, 1), date(2026, 3, 1)))


def test_an_unreachable_server_is_a_clear_error(settings, site_settings):
    settings.PLAUSIBLE_API_KEY = API_KEY
    settings.PLAUSIBLE_API_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(CommandError, match="Could not reach Plausible"):
        call_command("import_plausible", "--from", "2026-03-01", "--to", "2026-03-01")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-03-05", "--to", "2026-03-01"], "ends before it starts"),
        (["--from", "yesterday", "--to", "2026-03-01"], "is not a date"),
    ],
)
def test_bad_arguments_are_refused(plausible, site_settings, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_plausible", *args)


def test_missing_key_or_domain_is_refused(settings, home_page):
    settings.PLAUSIBLE_API_KEY = ""
    with pytest.raises(CommandError, match="No Plausible domain"):
        call_command("import_plausible", "--from", "2026-03-01", "--to", "2026-03-01")
    with pytest.raises(CommandError, match="No Plausible API key"):
        call_command(
            "import_plausible", "--from", "2026-03-01", "--to", "2026-03-01", "--site-id", "x.example"
        )


def test_the_script_tag_is_on_pages_when_a_domain_is_set(client, site_settings, article):
    html = client.get("/article/").content.decode()
    assert 'data-domain="kmp.example"' in html and "plausible.io/js/script.js" in html
