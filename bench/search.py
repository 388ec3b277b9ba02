"""Search benchmark on PostgreSQL: builds a site of 10,000 pages (blog posts and
plain pages with generated KM prose), then serves, in the same process and run,

  (a) one uncached blog post (the page cache off, its view recorded), and
  (b) /search/?q=... for a rotation of everyday queries (facets, results,
      snippets, people, pinned results, the query recorded), and
  (c) the same with the cache of counts per kind turned off (search/cache.py),

taking them in turn, and prints the requests per second of each and the ratio
(b)/(a); the target is
(b) >= 0.5 x (a). Requests go through Django's full middleware stack in one
process, one at a time, so the ratio compares the work each response costs.

Usage (docs/search.md):  .venv/bin/python bench/search.py [--pages 10000] [--requests 300] [--reuse]
"""

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import log, prepare_postgres

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 0.5
BATCH = 250
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)
# Queries people type: most name a subject, two are broad ("knowledge management"
# and "practice" match a large share of the site, as they would on a KM site).
QUERIES = [
    "community of practice",
    "lessons learned",
    "taxonomy",
    "tacit knowledge",
    "storytelling",
    "after action review",
    "expertise locator",
    "onboarding checklist",
    "mentoring",
    "communities",
    "practice",
    "knowledge management",
]
# Each page is about one subject (and touches a second): its words come mostly from
# the subject's vocabulary, the rest from words every KM page uses. A uniform draw
# from one vocabulary would make every word match almost every page.
SUBJECTS = {
    "communities of practice": "community communities practice members domain coordinator meetups engagement",
    "lessons learned": "lessons learned mistakes insight debrief recurrence lesson identified",
    "taxonomy": "taxonomy tagging metadata classification terms facets controlled vocabulary",
    "after action review": "after action review debrief intent outcome gap retrospect",
    "storytelling": "storytelling story stories narrative anecdote listener plot",
    "tacit knowledge": "tacit explicit expertise intuition apprenticeship craft know-how",
    "expertise location": "expertise locator expert directory profiles skills yellow pages",
    "onboarding": "onboarding newcomer induction buddy checklist orientation first week",
    "knowledge retention": "retention retirement departure succession exit interview legacy",
    "findability": "search findability query ranking results relevance synonyms",
    "intranet": "intranet portal navigation homepage owners publishing",
    "peer assist": "peer assist visiting colleagues advice planning questions",
    "knowledge audit": "audit inventory map assets flows gaps survey",
    "content curation": "curation curator archive collection weeding review cycle",
    "km strategy": "strategy roadmap objectives sponsor business case value",
    "measurement": "metrics measurement indicators dashboard value stories evidence",
    "collaboration tools": "wiki chat forum platform adoption channels threads",
    "mentoring": "mentoring mentor mentee coaching pairing growth",
    "culture": "culture trust psychological safety behaviour incentives recognition",
    "handover": "handover transition rotation shift continuity notes",
    "process documentation": "process procedure workflow documentation standard operating",
    "innovation": "innovation ideas experiment pilot prototype scaling",
    "records management": "records schedule compliance disposal policy retention",
    "ontology": "ontology graph entities relations semantic linked data",
}
COMMON = (
    "knowledge management team work people organisation share learn use help time year new "
    "good make project practice the a of and to in for with on by from that this it as is are "
    "was be can will our their we you what how when why who"
).split()
TOPICS = ["communities of practice", "lessons learned", "taxonomy", "tacit knowledge", "km strategy"]


def prose(rng, words, subject=None, second=None):
    """Sentences of generated text about a subject (mostly) and a second one (a little)."""
    vocabulary = {name: text.split() for name, text in SUBJECTS.items()}
    sentences, sentence = [], []
    for _ in range(words):
        roll = rng.random()
        if subject and roll < 0.35:
            sentence.append(rng.choice(vocabulary[subject]))
        elif second and roll < 0.45:
            sentence.append(rng.choice(vocabulary[second]))
        else:
            sentence.append(rng.choice(COMMON))
        if len(sentence) >= rng.randint(8, 16):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    return " ".join(sentences)


def add_page(i, rng, blog, pages_parent, authors):
    """One generated page: every tenth a plain page, the rest blog posts. Returns 1 for a post."""
    from wagtail.rich_text import RichText

    from blog.models import BlogPostAuthor, BlogPostPage
    from home.models import StandardPage

    subject, second = rng.sample(list(SUBJECTS), 2)
    title = f"{subject.capitalize()}: {' '.join(rng.sample(SUBJECTS[subject].split(), 2))} {i}"
    body = [("paragraph", RichText("".join(f"<p>{prose(rng, 60, subject, second)}</p>" for _ in range(3))))]
    if i % 10 == 9:
        pages_parent.add_child(
            instance=StandardPage(
                title=title, slug=f"note-{i}", introduction=prose(rng, 25, subject), body=body
            )
        )
        return 0
    post = BlogPostPage(title=title, slug=f"post-{i}", summary=prose(rng, 25, subject), body=body)
    post.topics.add(rng.choice(TOPICS))
    blog.add_child(instance=post)
    BlogPostAuthor.objects.create(page=post, author=authors[i % len(authors)], sort_order=0)
    return 1


def build_site(page_count, seed=8):
    """A home page, a blog index with authors and topics, and page_count pages."""
    from django.core.management import call_command
    from django.db import transaction
    from tqdm import tqdm
    from wagtail.models import Page, Site
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from blog.models import BlogIndexPage
    from community.people.models import ContributorProfile
    from home.models import HomePage, StandardPage

    rng = random.Random(seed)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).update(slug="wagtail-welcome")
    home = HomePage(title="Home", slug="home", hero_heading="Learn knowledge management")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page, site.hostname, site.port = home, "testserver", 80
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    blog = BlogIndexPage(title="Blog", slug="blog")
    home.add_child(instance=blog)
    pages_parent = StandardPage(title="Library", slug="library", introduction="Notes from members.")
    home.add_child(instance=pages_parent)
    authors = [
        ContributorProfile.objects.create(
            display_name=name,
            slug=name.lower().replace(" ", "-"),
            bio=prose(rng, 30),
            headline="KM practitioner",
        )
        for name in ("Amara Okafor", "Li Wei", "Sofia Marquez", "Tom Becker", "Priya Nair", "Jonas Berg")
    ]
    posts = 0
    # Commit in batches and skip the reference index (nothing here links to anything):
    # building 10,000 pages one transaction each would take most of the run.
    with disable_reference_index_auto_update():
        for start in tqdm(range(0, page_count, BATCH), desc="pages", unit=f"x{BATCH} pages"):
            with transaction.atomic():
                for i in range(start, min(start + BATCH, page_count)):
                    posts += add_page(i, rng, blog, pages_parent, authors)
    log(f"  {posts} blog posts and {page_count - posts} plain pages; indexing ...")
    call_command("update_index", verbosity=0)


def summarise(timings, failures):
    return {
        "requests": len(timings),
        "rps": len(timings) / sum(timings),
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": sorted(timings)[int(len(timings) * 0.95) - 1] * 1000,
        "non_200": failures,
    }


def measure(client, modes, requests, warmup):
    """Requests of every mode taken in turn, so all meet the same machine (other
    processes come and go); each mode is timed on its own. A mode is
    (name, paths to rotate through, settings to override)."""
    from django.test import override_settings

    timings = {name: [] for name, _, _ in modes}
    failures = dict.fromkeys(timings, 0)
    for i in range(warmup + requests):
        for name, paths, overrides in modes:
            with override_settings(**overrides):
                started = time.perf_counter()
                response = client.get(paths[i % len(paths)], HTTP_USER_AGENT=BROWSER_UA)
                elapsed = time.perf_counter() - started
            if i >= warmup:
                timings[name].append(elapsed)
                failures[name] += response.status_code != 200
    return {name: summarise(timings[name], failures[name]) for name in timings}


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000, help="pages to build (10000)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per mode (300)")
    parser.add_argument("--warmup", type=int, default=30, help="requests before measuring (30)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/kmp_bench_search"),
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run built")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    fresh = prepare_postgres(args.pg_url, args.reuse)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.search_settings",
            "DATABASE_URL": args.pg_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "KMP_ADMIN_REQUIRES_MFA": "0",
            # Static files are served by no one here; an empty root keeps whitenoise quiet.
            "STATIC_ROOT": tempfile.mkdtemp(prefix="kmp-bench-search-static-"),
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from blog.models import BlogPostPage

    if fresh:
        log(f"Building the site on {args.pg_url.split('@')[-1]}: migrate, {args.pages} pages ...")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"  migrated in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        build_site(args.pages)
        log(f"  built and indexed in {time.perf_counter() - started:.0f} s")
    # Fresh statistics, as autovacuum would have them on a live site.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = Page.objects.live().count()
    backend = type(get_search_backend()).__name__
    post = BlogPostPage.objects.live().order_by("path").first()
    post_path = post.url
    log(f"{pages} live pages; search backend {backend}; blog post {post_path}")

    client = Client()
    search_paths = [f"/search/?q={q.replace(' ', '+')}" for q in QUERIES]
    with CaptureQueriesContext(connection) as ctx:
        client.get(search_paths[0], HTTP_USER_AGENT=BROWSER_UA)
    search_queries = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        client.get(post_path, HTTP_USER_AGENT=BROWSER_UA)
    post_queries = len(ctx.captured_queries)

    modes = [
        ("(a) blog post, uncached", [post_path], {}),
        ("(b) search", search_paths, {}),
        ("(c) search, no count cache", search_paths, {"SEARCH_CACHE_SECONDS": 0}),
    ]
    log(
        f"Measuring {args.requests} requests of each, taken in turn; search rotates through "
        f"{len(QUERIES)} queries ..."
    )
    results = measure(client, modes, args.requests, args.warmup)
    post_rps = results[modes[0][0]]["rps"]
    ratio = results[modes[1][0]]["rps"] / post_rps

    log("")
    log(f"{'mode':<30}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}{'x (a)':>8}{'non-200':>9}")
    for name, result in results.items():
        log(
            f"{name:<30}{result['rps']:>8.1f}{result['median_ms']:>11.1f}{result['p95_ms']:>9.1f}"
            f"{result['rps'] / post_rps:>8.2f}{result['non_200']:>9}"
        )
    log(f"SQL queries: blog post {post_queries}, search {search_queries} (counts not yet cached)")
    log("")
    log(f"search / blog post = {ratio:.2f}  (target >= {TARGET_RATIO})")
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": pages, "results": results, "ratio": ratio}, indent=2))
    failed = ratio < TARGET_RATIO or any(result["non_200"] for result in results.values())
    log("MISSED the target." if failed else "Target met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
