"""Two app servers (gunicorn, 2 workers each) on one PostgreSQL, one Redis and one S3:
a page published through one is purged from the cache of both, an image uploaded
through one is served by the other, and 10,000 views sent to both are counted
exactly once."""

import io
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image as PILImage
from wagtail.models import Collection

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.tracking.models import PageViewDaily
from community.tracking.recorders import get_recorder
from home.factories import StandardPageFactory
from portal.models import PortalImage

from .servers import RedisServer, S3Server, free_port, wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
VIEWS = 10_000
PASSWORD = "correct-horse-battery"  # UserFactory's


@pytest.fixture
def services():
    redis_server, s3 = RedisServer().start(), S3Server().start()
    s3.create_bucket("kmp-media")
    yield redis_server, s3
    redis_server.stop()
    s3.stop()


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_servers(services, settings, tmp_path):
    redis_server, s3 = services
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-" + "x" * 50,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_server.url,
        "KMP_ADMIN_REQUIRES_MFA": "0",
        "AWS_DEFAULT_ACL": "public-read",
        **s3.environ("kmp-media"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    processes, urls = [], []
    try:
        for number in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        GUNICORN,
                        "portal.wsgi:application",
                        "-b",
                        f"127.0.0.1:{port}",
                        "-w",
                        "2",
                        "-k",
                        "gthread",
                    ]
                    + ["--threads", "4", "--log-level", "warning"],
                    cwd=PROJECT_DIR,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=(tmp_path / f"gunicorn-{number}.log").open("w"),
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
            wait_for_port(port, timeout=60, process=processes[-1])
        for url in urls:
            # Workers load Django after the port is bound; the first answer waits for them.
            response = requests.get(f"{url}/healthz", timeout=180)
            assert response.status_code == 200, (tmp_path / "gunicorn-0.log").read_text()
        # This process flushes the same page-view buffer.
        settings.TRACKING_RECORDER = "redis"
        settings.TRACKING_REDIS_URL = redis_server.url
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


def signed_in(base_url, user):
    session = requests.Session()
    session.get(f"{base_url}/accounts/login/", timeout=30)
    response = session.post(
        f"{base_url}/accounts/login/",
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def get(base_url, path):
    return requests.get(f"{base_url}{path}", headers={"User-Agent": BROWSER}, timeout=30)


def views_of(page):
    get_recorder().flush()
    return sum(PageViewDaily.objects.filter(page=page).values_list("views", flat=True))


def test_two_servers_share_purges_media_and_exact_counts(two_servers, home_page, make_user):
    one, other = two_servers
    article = StandardPageFactory(parent=home_page, title="First title", slug="article")
    editor = make_user(is_superuser=True, is_staff=True)
    # The servers run the real hashers; the tests' fast one is not among them.
    hasher = PBKDF2PasswordHasher()
    editor.password = hasher.encode(PASSWORD, hasher.salt())
    editor.save(update_fields=["password"])
    admin = signed_in(one, editor)

    # Cached on both servers.
    for base in (one, other, one, other):
        assert "First title" in get(base, "/article/").text
    assert get(other, "/article/").headers["X-Page-Cache"] == "hit"

    # Published through one: purged from the cache of both.
    article.title = "Second title"
    article.save_revision()  # a draft; publishing it is the first server's job
    response = admin.post(
        f"{one}/admin/bulk/wagtailcore/page/publish/?id={article.pk}",
        {"csrfmiddlewaretoken": admin.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    for base in (other, one):
        assert "Second title" in get(base, "/article/").text

    # An image uploaded through one is served by the other.
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), (11, 93, 87)).save(buffer, format="PNG")
    response = admin.post(
        f"{one}/admin/images/add/",
        {
            "title": "Uploaded through one",
            "collection": Collection.get_first_root_node().pk,
            "csrfmiddlewaretoken": admin.cookies["csrftoken"],
        },
        files={"file": ("upload.png", buffer.getvalue(), "image/png")},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    image = PortalImage.objects.get(title="Uploaded through one")
    post = BlogPostPageFactory(
        parent=BlogIndexPageFactory(parent=home_page), hero_image=image, slug="with-image"
    )
    page = get(other, post.url)
    assert page.status_code == 200
    sources = re.findall(r'src="(http://127\.0\.0\.1:\d+/kmp-media/[^"]+)"', page.text)
    assert sources, "the post shows no image from the bucket"
    served = requests.get(sources[0], timeout=30)
    assert served.status_code == 200
    assert PILImage.open(io.BytesIO(served.content)).format in ("PNG", "JPEG", "WEBP")

    # 10,000 views sent to both: each counted once.
    before = views_of(article)

    def send(worker):
        session = requests.Session()
        session.headers["User-Agent"] = BROWSER
        statuses = []
        for index in range(worker, VIEWS, 16):
            statuses.append(session.get(f"{two_servers[index % 2]}/article/", timeout=30).status_code)
        return statuses

    with ThreadPoolExecutor(16) as pool:
        statuses = [status for chunk in pool.map(send, range(16)) for status in chunk]
    assert statuses == [200] * VIEWS
    assert views_of(article) == before + VIEWS
