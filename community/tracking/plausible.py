"""Plausible Analytics as a source of PageViewDaily, through its Stats API v2.

One query (POST /api/v2/query) asks for the metrics visitors and pageviews by the
dimensions event:page and time:day, page by page of results. Paths are mapped to
Wagtail pages; the whole import is applied in one transaction, and any error (bad
key, rate limit, time-out, an answer of the wrong shape) is raised before anything
is written, so stored counts never change half-way."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import requests
from django.db import transaction
from wagtail.models import Page, Site

from . import conf
from .models import PageViewDaily

PAGE_LIMIT = 10_000
MAX_PAGES = 100


class PlausibleError(Exception):
    """A failure a person can act on; the message says what went wrong."""


@dataclass
class ImportResult:
    rows: int = 0
    page_days: int = 0
    views: int = 0
    unmatched_paths: dict = field(default_factory=dict)


class PlausibleClient:
    def __init__(self, api_key, base_url=None, timeout=10, session=None):
        if not api_key:
            raise PlausibleError("No Plausible API key: set PLAUSIBLE_API_KEY.")
        self.api_key = api_key
        self.base_url = (base_url or conf.plausible_api_url()).rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def query(self, body):
        url = f"{self.base_url}/api/v2/query"
        try:
            response = self.session.post(
                url,
                json=body,
                headers={"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise PlausibleError(f"Plausible did not answer within {self.timeout} seconds ({url}).")
        except requests.RequestException as error:
            raise PlausibleError(f"Could not reach Plausible at {url}: {error.__class__.__name__}.")
        if response.status_code == 401:
            raise PlausibleError("Plausible refused the API key (401): check PLAUSIBLE_API_KEY.")
        if response.status_code == 429:
            wait = response.headers.get("Retry-After")
            hint = f" Try again in {wait} seconds." if wait else " Try again later."
            raise PlausibleError("Plausible's rate limit was reached (429)." + hint)
        if response.status_code != 200:
            raise PlausibleError(f"Plausible answered {response.status_code}: {_error_text(response)}")
        try:
            return response.json()
        except ValueError:
            raise PlausibleError("Plausible's answer was not JSON.")

    def daily_page_stats(self, site_id, start, end):
        """Yield (path, day, visitors, pageviews) for every page and day in the range."""
        for page_number in range(MAX_PAGES):
            body = {
                "site_id": site_id,
                "metrics": ["visitors", "pageviews"],
                "date_range": [start.isoformat(), end.isoformat()],
                "dimensions": ["event:page", "time:day"],
                "pagination": {"limit": PAGE_LIMIT, "offset": page_number * PAGE_LIMIT},
            }
            results = self.query(body).get("results")
            if not isinstance(results, list):
                raise PlausibleError("Plausible's answer had no list of results.")
            for row in results:
                yield _parse_row(row)
            if len(results) < PAGE_LIMIT:
                return
        raise PlausibleError(f"More than {MAX_PAGES * PAGE_LIMIT} rows: import a shorter range.")


def _error_text(response):
    try:
        return str(response.json().get("error", ""))[:300] or response.reason
    except ValueError:
        return response.reason


def _parse_row(row):
    try:
        path, day = row["dimensions"]
        visitors, pageviews = row["metrics"]
        return str(path), date.fromisoformat(str(day)[:10]), int(visitors), int(pageviews)
    except (KeyError, TypeError, ValueError) as error:
        raise PlausibleError(f"Unexpected row in Plausible's answer: {row!r} ({error}).")


def pages_by_path(site, paths):
    """Map site-relative paths to page ids through the pages' url_path."""
    root_path = site.root_page.url_path
    wanted = {}
    for path in paths:
        clean = "/" + "/".join(part for part in path.split("?")[0].split("/") if part)
        url_path = root_path + (clean.strip("/") + "/" if clean != "/" else "")
        wanted.setdefault(url_path, []).append(path)
    found = {}
    for page_id, url_path in Page.objects.filter(url_path__in=list(wanted)).values_list("pk", "url_path"):
        for path in wanted[url_path]:
            found[path] = page_id
    return found


def import_daily_views(site_id, start, end, client=None, site=None, progress=None):
    """Fetch the range from Plausible, then set PageViewDaily for each page and day
    Plausible reports. Rows Plausible does not mention are left as they are."""
    if end < start:
        raise PlausibleError("The range ends before it starts.")
    client = client or PlausibleClient(conf.plausible_api_key())
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise PlausibleError("No default Wagtail site to map paths to.")
    rows = list(client.daily_page_stats(site_id, start, end))  # all of it, before any write
    page_ids = pages_by_path(site, {path for path, *_ in rows})
    totals = defaultdict(lambda: [0, 0])
    result = ImportResult(rows=len(rows))
    for path, day, visitors, pageviews in rows:
        page_id = page_ids.get(path)
        if page_id is None:
            result.unmatched_paths[path] = result.unmatched_paths.get(path, 0) + pageviews
            continue
        totals[(page_id, day)][0] += pageviews
        totals[(page_id, day)][1] += visitors
    items = list(totals.items())
    with transaction.atomic():
        for (page_id, day), (views, visitors) in progress(items) if progress else items:
            PageViewDaily.objects.update_or_create(
                page_id=page_id, day=day, defaults={"views": views, "visitors": visitors}
            )
            result.views += views
    result.page_days = len(items)
    return result
