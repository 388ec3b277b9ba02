"""Page-serving benchmark: gunicorn (2 workers, production settings, demo data) under a
load generator (Debian's wrk if installed, else a Python one), in one run:

  (a) a minimal Django app (bench/bare_settings.py: no apps, no middleware, no
      database) returning 20 KB: the honest ceiling
  (a-stack) the same view inside the portal, behind its whole middleware stack (no
      target: what the stack alone costs)
  (b) a blog post, not from the page cache: rendered for every request, its fragments
      cached as for a signed-in reader (views counted by the database recorder)
  (b-fresh) the same with the fragment cache off too (no target: for comparison)
  (c) the same post from the anonymous page cache, database recorder, on SQLite and PostgreSQL
  (d) the same with the Redis recorder (and the Redis cache)
  (d-uncounted) (d) with view counting off (no target: what the Redis page-cache
      lookup alone allows)
  (django-cache) the same post behind Django's own per-site cache
      (UpdateCacheMiddleware/FetchFromCacheMiddleware on Redis), the portal's page
      cache and counting off (no target: Django's own cache in the same run)

Each mode runs right after its own run of (a), in --rounds rounds (3): it prints the
median requests per second and the median ratio to (a) (with the range over rounds),
checks that the views recorded equal the requests sent in every run, and prints the
largest growth of a worker's memory over a run.
Usage and options: docs/tracking.md, or `python bench/pages.py --help`.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.client import HTTPConnection
from multiprocessing import get_context
from pathlib import Path

from common import log, prepare_postgres

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)
TARGETS = {"d": 0.6, "c-postgresql": 0.3, "b": 0.04}
MEMORY_GROWTH_LIMIT = 0.10

WRK_SCRIPT = """
local per_thread = tonumber(os.getenv("BENCH_PER_THREAD"))
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) responses = 0; not_ok = 0 end
function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then not_ok = not_ok + 1 end
  if responses == per_thread then
    -- wrk only ends after -d; the bench stops it (SIGINT) once every thread is done.
    local marker = io.open(os.getenv("BENCH_DONE_FILE"), "a")
    marker:write("done\\n")
    marker:close()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local total, bad = 0, 0
  for _, t in ipairs(threads) do total = total + t:get("responses"); bad = bad + t:get("not_ok") end
  io.write(string.format("BENCH_RESPONSES %d %d\\n", total, bad))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """Direct SQL on the benchmark databases, so the bench itself needs no Django setup."""

    def __init__(self, url):
        self.url = url
        self.vendor = "sqlite" if url.startswith("sqlite") else "postgresql"

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.url.removeprefix("sqlite:///"))
        import psycopg

        return psycopg.connect(self.url.replace("postgres://", "postgresql://"), autocommit=True)

    def query(self, sql, params=()):
        if self.vendor == "postgresql":
            sql = sql.replace("?", "%s")
        with self.connect() as conn:
            cursor = conn.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            if self.vendor == "sqlite":
                conn.commit()
            return rows

    def reset_counts(self):
        self.query("DELETE FROM tracking_pageviewdaily")
        self.query("DELETE FROM tracking_pagevisitor")

    def views(self, page_id):
        rows = self.query(
            "SELECT COALESCE(SUM(views), 0) FROM tracking_pageviewdaily WHERE page_id = ?", (page_id,)
        )
        return int(rows[0][0])

    def blog_post(self):
        rows = self.query(
            "SELECT p.id, p.url_path FROM wagtailcore_page p JOIN blog_blogpostpage b ON b.page_ptr_id = p.id "
            "WHERE p.live ORDER BY p.path LIMIT 1"
        )
        if not rows:
            raise SystemExit("The demo has no live blog post to benchmark.")
        page_id, url_path = rows[0]
        root = self.query(
            "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p ON p.id = s.root_page_id "
            "WHERE s.is_default_site"
        )[0][0]
        return page_id, "/" + url_path[len(root) :]


def manage(env, *args, quiet=True):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_database(env, url, reuse):
    fresh = True
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists() and reuse:
            fresh = False
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        fresh = prepare_postgres(url, reuse)
    if fresh:
        log(f"  migrating and seeding the demo on {url.split('@')[-1]} ...")
        manage({**env, "DATABASE_URL": url}, "migrate", "--no-input")
        manage({**env, "DATABASE_URL": url}, "seed_demo", "--verbosity", "0")


PORTAL_APP = "portal.wsgi:application"
BARE_APP = "bench.bare_wsgi:application"


class Server:
    def __init__(self, env, workers=2, connections=4, app=PORTAL_APP):
        self.port = free_port()
        self.app = app
        self.env = env
        self.workers = workers
        self.connections_per_worker = max(1, connections // workers)
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                self.app,
                "--workers",
                str(self.workers),
                # One request at a time per worker, like sync workers, but idle keep-alive
                # connections wait in a poller instead of holding a worker.
                "--worker-class",
                "gthread",
                "--threads",
                "1",
                "--keep-alive",
                "5",
                # A gthread worker accepts every connection it sees: without a cap one worker
                # can end up with three of the four and the other mostly idle. The cap splits
                # the load generator's connections evenly between the workers.
                "--worker-connections",
                str(self.connections_per_worker),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench/bare/", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.3)
        else:
            self.__exit__()
            raise SystemExit("gunicorn did not start")
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split()) if children.exists() else []

    def worker_rss_kib(self):
        sizes = {}
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        return sizes


def _python_load_worker(port, path, count, queue):
    sent = not_ok = 0
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        try:
            conn.request("GET", path, headers={"User-Agent": BROWSER_UA, "Accept": "text/html"})
            response = conn.getresponse()
        except (ConnectionError, OSError):
            conn.close()  # the server closed an idle keep-alive connection: reconnect once
            conn = HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"User-Agent": BROWSER_UA, "Accept": "text/html"})
            response = conn.getresponse()
        response.read()
        sent += 1
        not_ok += response.status != 200
    conn.close()
    queue.put((sent, not_ok))


def python_load(port, path, total, concurrency):
    ctx = get_context("fork")
    queue = ctx.Queue()
    share = [total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)]
    procs = [ctx.Process(target=_python_load_worker, args=(port, path, n, queue)) for n in share]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    sent = sum(r[0] for r in results)
    return {"sent": sent, "not_ok": sum(r[1] for r in results), "rps": sent / elapsed, "tool": "python"}


def wrk_load(port, path, total, concurrency, script):
    per_thread = total // concurrency
    done_file = Path(script).with_name("threads-done")
    done_file.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            "wrk",
            f"-t{concurrency}",
            f"-c{concurrency}",
            "-d600s",
            "--timeout",
            "30s",
            "-H",
            f"User-Agent: {BROWSER_UA}",
            "-H",
            "Accept: text/html",
            "-s",
            script,
            f"http://127.0.0.1:{port}{path}",
        ],
        env={**os.environ, "BENCH_PER_THREAD": str(per_thread), "BENCH_DONE_FILE": str(done_file)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 590
    while time.time() < deadline and process.poll() is None:
        if done_file.exists() and done_file.read_text().count("done") >= concurrency:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", stdout).group(1))
    sent, not_ok = map(int, re.search(r"BENCH_RESPONSES (\d+) (\d+)", stdout).groups())
    errors = re.search(r"Socket errors: (.*)", stdout)
    return {
        "sent": sent,
        "not_ok": not_ok,
        "rps": rps,
        "tool": "wrk",
        "socket_errors": errors.group(1) if errors else "",
    }


def run_mode(
    label, env, db, path, page_id, requests, warmup, concurrency, load, redis_url=None, app=PORTAL_APP
):
    with Server(env, connections=concurrency, app=app) as server:
        # Imports, connections and caches, on both workers: the same connections as the
        # measured run, which the workers share evenly.
        load(server.port, path, warmup, concurrency)
        if redis_url:
            manage(env, "flush_page_views")
        if db:
            db.reset_counts()
        rss_before = server.worker_rss_kib()
        result = load(server.port, path, requests, concurrency)
        rss_after = server.worker_rss_kib()
        if redis_url:
            time.sleep(0.5)
            manage(env, "flush_page_views")
        result["views"] = db.views(page_id) if db and page_id else None
        result["rss"] = [(rss_before.get(pid), rss_after.get(pid)) for pid in sorted(rss_after)]
    result["label"] = label
    result["requests"] = requests
    return result


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000, help="requests per cached mode (10000)")
    parser.add_argument("--uncached-requests", type=int, default=2_000, help="requests for (b) (2000)")
    parser.add_argument("--concurrency", type=int, default=4, help="connections (4)")
    parser.add_argument("--warmup", type=int, default=300, help="requests before measuring (300)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/kmp_bench_pages"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "kmp-bench-pages"))
    parser.add_argument("--reuse", action="store_true", help="keep databases built by an earlier run")
    parser.add_argument(
        "--python-load", action="store_true", help="use the Python load generator even if wrk is installed"
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every mode, each after its own (a) (3)"
    )
    parser.add_argument(
        "--modes",
        default="a,a-stack,b,b-fresh,c-sqlite,c-postgresql,d,d-uncounted,django-cache",
        help="modes to run, comma-separated; (a) always runs",
    )
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    sqlite_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "TRACKING_RECORDER", "DJANGO_SETTINGS_MODULE")
    }
    base_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONPATH": str(ROOT),
        }
    )
    script = workdir / "count.lua"
    script.write_text(WRK_SCRIPT)
    use_wrk = shutil.which("wrk") and not args.python_load
    if use_wrk:

        def load(port, path, total, concurrency):
            return wrk_load(port, path, total, concurrency, str(script))
    else:
        load = python_load
    log(
        f"Load generator: {'wrk ' + subprocess.run(['wrk', '-v'], capture_output=True, text=True).stdout.split()[1] if use_wrk else 'Python (wrk not installed)'}; "
        f"gunicorn 2 workers (gthread, 1 thread, {max(1, args.concurrency // 2)} connections each); "
        f"{args.concurrency} connections; {os.cpu_count()} CPUs."
    )
    log("Preparing: collectstatic, demo databases ...")
    manage({**base_env, "DATABASE_URL": sqlite_url}, "collectstatic", "--no-input")
    build_database(base_env, sqlite_url, args.reuse)
    build_database(base_env, args.pg_url, args.reuse)

    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    sqlite, postgres = Database(sqlite_url), Database(args.pg_url)
    page_id, path = postgres.blog_post()
    sqlite_page_id, sqlite_path = sqlite.blog_post()
    log(f"Blog post: {path} (page {page_id})\n")

    pg_env = {**base_env, "DATABASE_URL": args.pg_url, "TRACKING_RECORDER": "database"}
    # (key, title, environment, database, path, page counted, requests, Redis to flush, app)
    modes = [
        (
            "a",
            "minimal Django app, no middleware, 20 KB",
            {**pg_env},
            None,
            "/bench/bare/",
            None,
            args.requests,
            None,
            BARE_APP,
        ),
        (
            "a-stack",
            "the same view behind the portal's middleware",
            {**pg_env},
            postgres,
            "/bench/bare/",
            None,
            args.requests,
            None,
            PORTAL_APP,
        ),
        (
            "b",
            "blog post, not from the page cache, PostgreSQL",
            {**pg_env, "BENCH_PAGE_CACHE": "0"},
            postgres,
            path,
            page_id,
            args.uncached_requests,
            None,
        ),
        (
            "b-fresh",
            "blog post, no page or fragment cache, PostgreSQL",
            {**pg_env, "BENCH_PAGE_CACHE": "0", "PORTAL_FRAGMENT_CACHE": "0"},
            postgres,
            path,
            page_id,
            args.uncached_requests,
            None,
        ),
        (
            "c-sqlite",
            "cached, database recorder, SQLite",
            {**base_env, "DATABASE_URL": sqlite_url, "TRACKING_RECORDER": "database"},
            sqlite,
            sqlite_path,
            sqlite_page_id,
            args.requests,
            None,
        ),
        (
            "c-postgresql",
            "cached, database recorder, PostgreSQL",
            {**pg_env},
            postgres,
            path,
            page_id,
            args.requests,
            None,
        ),
        (
            "d",
            "cached, Redis recorder and cache, PostgreSQL",
            {**pg_env, "REDIS_URL": args.redis_url, "TRACKING_RECORDER": "redis"},
            postgres,
            path,
            page_id,
            args.requests,
            args.redis_url,
        ),
        (
            "d-uncounted",
            "cached, Redis cache, views not counted, PostgreSQL",
            {**pg_env, "REDIS_URL": args.redis_url, "TRACKING_RECORDER": "off"},
            postgres,
            path,
            None,
            args.requests,
            None,
        ),
        (
            "django-cache",
            "Django's per-site cache on Redis, not counted, PostgreSQL",
            {
                **pg_env,
                "REDIS_URL": args.redis_url,
                "TRACKING_RECORDER": "off",
                "BENCH_PAGE_CACHE": "0",
                "BENCH_DJANGO_CACHE": "1",
            },
            postgres,
            path,
            None,
            args.requests,
            None,
        ),
    ]
    modes = [mode if len(mode) == 9 else (*mode, PORTAL_APP) for mode in modes]
    chosen = {"a", *args.modes.split(",")}
    unknown = chosen - {mode[0] for mode in modes}
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    # Each mode is measured right after its own run of (a), in several rounds; a mode's
    # ratio is the median of its rounds' ratios, so a burst of load from elsewhere on a
    # shared machine moves one round, not the result.
    ceiling_mode, *measured = [mode for mode in modes if mode[0] in chosen]
    runs = {mode[0]: [] for mode in [ceiling_mode, *measured]}

    def measure(mode):
        key, title, env, db, mode_path, mode_page, count, redis_url, app = mode
        result = run_mode(
            key, env, db, mode_path, mode_page, count, args.warmup, args.concurrency, load, redis_url, app
        )
        result["title"] = title
        runs[key].append(result)
        return result

    for round_number in range(1, args.rounds + 1):
        log(
            f"Round {round_number} of {args.rounds}: "
            + ", ".join(f"({mode[0]})" for mode in measured or [ceiling_mode])
        )
        for mode in measured or [ceiling_mode]:
            ceiling = measure(ceiling_mode)
            if mode is not ceiling_mode:
                result = measure(mode)
                result["ratio"] = result["rps"] / ceiling["rps"]

    failures = []
    log("")
    log(
        f"{'mode':<14}{'req/s':>9}{'x (a)':>8}{'range of x (a)':>18}{'sent':>8}{'non-200':>9}{'views':>8}  recorded = sent"
    )
    for key, results in runs.items():
        ratios = [r.get("ratio", 1.0) for r in results]
        ratio = statistics.median(ratios)
        spread = f"{min(ratios):.3f}-{max(ratios):.3f}"
        sent = sum(r["sent"] for r in results)
        not_ok = sum(r["not_ok"] for r in results)
        counted = [r for r in results if r["views"] is not None]
        views = sum(r["views"] for r in counted) if counted else None
        exact = (
            "n/a (no page)"
            if views is None
            else ("yes" if all(r["views"] == r["sent"] for r in counted) else "NO")
        )
        log(
            f"{key:<14}{statistics.median(r['rps'] for r in results):>9.0f}{ratio:>8.3f}{spread:>18}"
            f"{sent:>8}{not_ok:>9}{'' if views is None else views:>8}  {exact}"
        )
        for r in counted:
            if r["views"] != r["sent"]:
                failures.append(f"({key}) recorded {r['views']} views for {r['sent']} requests")
        if not_ok:
            failures.append(f"({key}) {not_ok} responses were not 200")
        target = TARGETS.get(key)
        if target and ratio < target:
            failures.append(f"({key}) {ratio:.3f} of (a) is below the target {target}")
    log("")
    for key, results in runs.items():
        log(f"  ({key}) {results[0]['title']}")
    log("")
    log("Worker memory (RSS, MiB), largest growth over one measured run:")
    for key, results in runs.items():
        growths = []
        for r in results:
            for before, after in r["rss"]:
                if not (before and after):
                    continue  # a worker restarted during the run
                growth = (after - before) / before
                growths.append((growth, before, after))
                if r["requests"] >= 10_000 and growth > MEMORY_GROWTH_LIMIT:
                    failures.append(f"({key}) a worker grew {growth:.1%} over {r['requests']} requests")
        if not growths:
            failures.append(f"({key}) no worker lasted a whole run")
            continue
        growth, before, after = max(growths, key=lambda item: item[0])
        log(
            f"  ({key}) {len(results)} runs of {results[0]['sent']} requests: "
            f"{before / 1024:.1f} -> {after / 1024:.1f} ({growth:+.1%})"
        )
    log("")
    log(
        "Targets: (d) >= 0.6 x (a); (c) on PostgreSQL >= 0.3 x (a); (b) >= 0.04 x (a); views recorded = requests sent; "
        "worker memory growth <= 10% over 10,000 requests."
    )
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2, default=str))
    if failures:
        log("MISSED: " + "; ".join(failures))
        return 1
    skipped = [key for key in TARGETS if key not in runs]
    if skipped:
        log(
            "Targets met by the modes run; not run, so not checked: "
            + ", ".join(f"({key})" for key in skipped)
        )
        return 0
    log("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
