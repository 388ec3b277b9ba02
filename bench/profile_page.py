"""Time and profile one page in one process, without an HTTP server: calls the portal's
WSGI application for PATH, as gunicorn would, and prints the time per request (wall
and CPU) and cProfile's most expensive functions.

Run it with the environment of a bench/pages.py mode (DATABASE_URL, REDIS_URL,
TRACKING_RECORDER, BENCH_PAGE_CACHE, SECRET_KEY, ALLOWED_HOSTS; settings
bench.pages_settings), e.g. for (b):

  DATABASE_URL=postgres://... TRACKING_RECORDER=database BENCH_PAGE_CACHE=0 \\
    .venv/bin/python bench/profile_page.py /blog/some-post/ --requests 200

--without drops one middleware from MIDDLEWARE, to measure what it saves."""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.pages_settings")

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": BROWSER_UA,
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--without", help="a middleware's dotted path, left out of MIDDLEWARE")
    parser.add_argument("--sort", default="cumulative", help="cProfile's sort key (cumulative)")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    from django.conf import settings

    if args.without:
        settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != args.without]
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append((status, dict(headers).get("X-Page-Cache", "-")))

    def one():
        response = application(environ(args.path), start_response)
        b"".join(response)
        response.close()

    for _ in range(args.warmup):
        one()
    print(f"{args.path}: {statuses[-1][0]}, X-Page-Cache: {statuses[-1][1]}")
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        one()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"per request: {wall / args.requests * 1e6:.0f} µs wall, {cpu / args.requests * 1e6:.0f} µs CPU")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        one()
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
