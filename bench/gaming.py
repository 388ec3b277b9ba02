"""Gaming benchmark: replay each attack of issue 15, and an honest crowd, against a
running site, and print what each attacker would earn under today's rules (before) and
under the rules that measure real people (after).

    .venv/bin/python bench/gaming.py          # two passes, SQLite, about two minutes

Each pass migrates a fresh SQLite database, builds a small site (bench contributors,
posts and courses), starts `manage.py runserver` and plays every attack and the honest
crowd over HTTP, as browsers would: real browser headers, one address per person
(X-Forwarded-For behind one trusted proxy), cookies, CSRF tokens, read beacons. The
"before" pass runs the site with lessons that complete at once and reads the metrics
the streams paid before (page-view visitors, referral rows, raw course points); the
"after" pass runs the defaults and reads the registered streams. Earnings are the real
`calculate()` over a 5,000.00 pool, for the honest crowd plus one attacker at a time,
with the launch policy before and the current policy (raised floors) after. `community/tracking/tests/test_gaming.py` plays the same
scenario against `live_server` and asserts the "after" column.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POOL = 500_000  # 5,000.00
ENGAGED_SECONDS = 2
HONEST_READERS = 120  # above the 100-reader floor
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
PASSWORD = "a-sturdy-bench-passphrase-42"  # noqa: S105 (bench accounts)
TOKEN = re.compile(r'data-read-token="([^"]+)"')

ATTACKS = [
    ("forty-agents", "40 requests from one address, each with another browser user agent"),
    ("twenty-five-posts", "one person reads 25 of the author's posts"),
    ("own-views", "the author reads their own post after signing out"),
    ("existing-account", "an existing account follows the link and enrols in two courses"),
    ("sock-puppets", "two new accounts from the author's network enrol in 3 courses and finish them"),
    ("five-clicks", "all 5 lessons of a 135-minute course completed in 5 clicks"),
    (
        "newsletter-puppets",
        "the author, signed in, subscribes and confirms four addresses of their own from their post",
    ),
    ("one-inbox", "one reader subscribes from a post four ways: a plus-address, case and Gmail's dots"),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person at one address: a cookie jar and the headers a real browser sends."""

    def __init__(self, base, address, ua=BROWSER_UA):
        self.base = base.rstrip("/")
        self.address = address
        self.ua = ua
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def _headers(self, beacon=False):
        return {
            "User-Agent": self.ua,
            "Accept-Language": "en-GB,en;q=0.9",
            "X-Forwarded-For": self.address,
            "Sec-Fetch-Site": "same-origin" if beacon else "none",
            "Sec-Fetch-Mode": "no-cors" if beacon else "navigate",
            "Sec-Fetch-Dest": "empty" if beacon else "document",
        }

    def request(self, path, data=None, beacon=False):
        headers = self._headers(beacon)
        body = None
        if data is not None:
            csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            headers |= {"X-CSRFToken": csrf, "Origin": self.base, "Referer": self.base + "/"}
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def get(self, path):
        return self.request(path)

    def post(self, path, data=None):
        if not any(c.name == "csrftoken" for c in self.jar):
            self.get("/accounts/login/")
        return self.request(path, data or {})[0]

    def open_post(self, path):
        """GET a post; the read token it carries, or None."""
        status, body = self.get(path)
        match = TOKEN.search(body) if status == 200 else None
        return match.group(1) if match else None

    def beacon(self, token):
        return self.request("/views/read/", {"token": token}, beacon=True)[0]

    def login(self, email):
        status = self.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert status == 302, f"sign-in of {email} answered {status}"

    def logout(self):
        self.post("/accounts/logout/")

    def sign_up(self, email):
        status = self.post(
            "/accounts/signup/",
            {"email": email, "first_name": "Bench", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert status == 302, f"sign-up of {email} answered {status}"


def read_all(readers_and_paths, wait=ENGAGED_SECONDS):
    """Open every post, wait once for the engaged time, then send every beacon."""
    pending = [(browser, browser.open_post(path)) for browser, path in readers_and_paths]
    time.sleep(wait + 0.2)
    for browser, token in pending:
        if token:
            browser.beacon(token)


# --- In the Django process: the site, the lesson clock, the measures -------------------------


def build_site():
    """Contributors, posts and courses; returns what the players need (JSON-safe)."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone
    from wagtail.models import Page, Site

    from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
    from community.people.factories import ContributorProfileFactory, UserFactory
    from courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
    from home.factories import HomePageFactory
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:  # a freshly migrated database: the home page replaces Wagtail's welcome
        Page.objects.filter(depth=2).update(slug="old-welcome")
        home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.filter(is_default_site=True).update(root_page=home)
        Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    blog = BlogIndexPageFactory(parent=home, slug="bench-blog", title="Bench blog")
    catalogue = CourseIndexPageFactory(parent=home, slug="bench-courses", title="Bench courses")
    long_ago = timezone.now() - timedelta(days=60)

    def person(email, **kwargs):
        user = UserFactory(email=email, date_joined=long_ago, **kwargs)
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.filter(user=user).update(verified=True)
        return user

    def contributor(name):
        profile = ContributorProfileFactory(display_name=name, user=person(f"{name.lower()}@bench.example"))
        return profile

    def course(instructor, lessons, minutes, title):
        page = CoursePageFactory(parent=catalogue, title=title, instructors=[instructor])
        lesson_pages = [
            LessonPageFactory(parent=page, title=f"{title}, lesson {n}", estimated_minutes=minutes)
            for n in range(1, lessons + 1)
        ]
        return {"id": page.pk, "url": page.url, "lessons": [[p.pk, p.url] for p in lesson_pages]}

    site = {"contributors": {}, "posts": {}, "courses": {}, "users": {}}
    for key in ("hana", "ivy", "pat", *(name for name, _ in ATTACKS)):
        profile = contributor(key.replace("-", "").title())
        site["contributors"][key] = {
            "id": profile.pk,
            "email": profile.user.email,
            "code": profile.referral_code,
        }
    ids = {key: value["id"] for key, value in site["contributors"].items()}
    from community.people.models import ContributorProfile

    profiles = ContributorProfile.objects.in_bulk(ids.values())

    def posts(key, count):
        return [BlogPostPageFactory(parent=blog, authors=[profiles[ids[key]]]).url for _ in range(count)]

    site["posts"]["hana"] = posts("hana", 1)
    for key in ("forty-agents", "own-views"):
        site["posts"][key] = posts(key, 1)
    site["posts"]["twenty-five-posts"] = posts("twenty-five-posts", 25)
    site["post_ids"] = {}
    for key in ("newsletter-puppets", "one-inbox"):
        post = BlogPostPageFactory(parent=blog, authors=[profiles[ids[key]]])
        site["post_ids"][key] = post.pk
    site["courses"]["ivy"] = [course(profiles[ids["ivy"]], 1, 10, f"Ivy's course {n}") for n in range(2)]
    site["courses"]["sock-puppets"] = [
        course(profiles[ids["sock-puppets"]], 1, 5, f"Quick course {n}") for n in range(3)
    ]
    site["courses"]["five-clicks"] = [course(profiles[ids["five-clicks"]], 5, 27, "A 135-minute course")]
    site["users"]["existing"] = person("old.member@bench.example").email
    site["users"]["learners"] = [person(f"learner{n}@bench.example").email for n in range(4)]
    site["users"]["friend"] = person("friend@bench.example").email
    return site


def let_time_pass(emails):
    """The honest learners spent an hour with the lessons they opened."""
    from courses.models import LessonOpening

    for opening in LessonOpening.objects.filter(user__email__in=emails):
        LessonOpening.objects.filter(pk=opening.pk).update(opened_at=opening.opened_at - timedelta(hours=1))


def confirm_link(email):
    """The confirmation link the newsletter mails to this address (the bench reads no mail)."""
    from django.urls import reverse

    from community.conversation import digest
    from community.conversation.models import DigestSubscription

    subscription = DigestSubscription.objects.get(email__iexact=email)
    return reverse("conversation:confirm_subscription", args=[digest.token_for(subscription, digest.CONFIRM)])


def subscribe_and_confirm(browser, email, in_django, post_id=None):
    """Subscribe to the newsletter (from a post) and open the link mailed to the address."""
    data = {"email": email} | ({"from": post_id} if post_id else {})
    status = browser.post("/conversation/newsletter/", data)
    assert status == 200, f"subscribing {email} answered {status}"
    status, _ = browser.get(in_django(confirm_link, email))
    assert status == 200, f"confirming {email} answered {status}"


def verify_everyone():
    """Confirming an address takes a click; attackers confirm their puppets' too."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update(verified=True)


def old_participation(start, end):
    """Course points as the courses stream paid them before: every active learner plus 3
    per completion, whoever they were, however fast."""
    from courses.metrics import period_bounds
    from courses.models import CourseInstructor, Enrolment, LessonProgress

    start_at, end_before = period_bounds(start, end)
    active = set(
        LessonProgress.objects.filter(completed_at__gte=start_at, completed_at__lt=end_before).values_list(
            "lesson__pk", "user_id"
        )
    )
    from courses.models import LessonPage

    course_of = {pk: LessonPage.objects.get(pk=pk).get_parent().pk for pk, _ in active}
    points = defaultdict(Fraction)
    for course_id, _user in {(course_of[lesson], user) for lesson, user in active}:
        points[course_id] += 1
    for course_id in Enrolment.objects.filter(
        completed_at__gte=start_at, completed_at__lt=end_before
    ).values_list("course_id", flat=True):
        points[course_id] += 3
    shares = defaultdict(Fraction)
    for course_id, value in points.items():
        instructors = list(
            CourseInstructor.objects.filter(page_id=course_id).values_list("instructor_id", flat=True)
        )
        for profile_id in instructors:
            shares[profile_id] += value / len(instructors)
    return dict(shares)


def measure(rules):
    """{stream: {contributor id: metric}} for today, by the rules of `rules`."""
    from community.rewards.registry import get_stream
    from community.tracking import metrics
    from community.tracking.visitors import today

    day = today()
    if rules == "before":
        return {
            "blogging": metrics.unique_readers(day, day),
            "courses": old_participation(day, day),
            "promotion": metrics.referrals(day, day),
        }
    return {name: get_stream(name).measure(day, day) for name in ("blogging", "courses", "promotion")}


def earnings(site, metrics_by_stream, rules="after"):
    """Per attack: the attacker's metrics and money with the honest crowd; the honest
    crowd's money with every attacker at once; and one honest person's worth. Before:
    under the launch policy (its floors); after: under the current one."""
    from community.rewards.calculation import calculate
    from community.rewards.models import RewardPolicy

    policy = RewardPolicy.objects.order_by("version").first() if rules == "before" else RewardPolicy.current()
    terms = policy.terms()
    ids = {key: value["id"] for key, value in site["contributors"].items()}
    honest = {ids[key] for key in ("hana", "ivy", "pat")}

    def money(contributors, extra=None):
        chosen = {
            stream: {cid: Fraction(v) for cid, v in values.items() if cid in contributors}
            for stream, values in metrics_by_stream.items()
        }
        for stream, value in (extra or {}).items():
            chosen[stream][-1] = Fraction(value)
        allocation = calculate(POOL, chosen, terms)
        return {c.contributor_id: c.allocated for c in allocation.contributors}

    rows = {}
    for key, _ in ATTACKS:
        cid = ids[key]
        paid = money(honest | {cid})
        rows[key] = {
            "metrics": {stream: float(values.get(cid, 0)) for stream, values in metrics_by_stream.items()},
            "earned": paid.get(cid, 0),
        }
    everyone = money(set(ids.values()))
    alone = money(honest)
    rows["honest"] = {
        "metrics": {
            stream: {key: float(values.get(ids[key], 0)) for key in ("hana", "ivy", "pat")}
            for stream, values in metrics_by_stream.items()
        },
        "earned_with_attackers": {key: everyone.get(ids[key], 0) for key in ("hana", "ivy", "pat")},
        "earned_alone": {key: alone.get(ids[key], 0) for key in ("hana", "ivy", "pat")},
    }
    # One honest person: one reader, one referral, one learner who finishes a course.
    one = {"blogging": 1, "promotion": 1, "courses": 4}
    rows["one-honest-person"] = {
        stream: money(honest, {stream: value}).get(-1, 0) for stream, value in one.items()
    }
    return rows


# --- Over HTTP: the attacks and the honest crowd --------------------------------------------


def play(base, site, in_django):
    """Every attack, then the honest crowd. `in_django(function, *args)` runs a step
    that needs the database (the clock of honest learners)."""
    c = site["contributors"]

    # Honest crowd: 120 readers on 120 networks; two new accounts and a newsletter reader
    # through Pat's link; four learners who take Ivy's course at a reading pace.
    read_all(
        [
            (Browser(base, f"100.{64 + n // 40}.{n}.10"), site["posts"]["hana"][0])
            for n in range(HONEST_READERS)
        ]
    )
    for n in range(2):
        newcomer = Browser(base, f"203.0.{120 + n}.5")
        newcomer.get(f"{site['courses']['ivy'][0]['url']}?ref={c['pat']['code']}")
        newcomer.sign_up(f"new{n}@people.example")
        newcomer.post(f"/courses/-/enrol/{site['courses']['ivy'][0]['id']}/")
    learners = []
    for n, email in enumerate(site["users"]["learners"]):
        learner = Browser(base, f"198.18.{n}.7")
        learner.login(email)
        learner.post(f"/courses/-/enrol/{site['courses']['ivy'][1]['id']}/")
        learner.get(site["courses"]["ivy"][1]["lessons"][0][1])
        learners.append(learner)
    in_django(let_time_pass, site["users"]["learners"])
    for learner in learners:
        learner.post(f"/courses/-/complete/{site['courses']['ivy'][1]['lessons'][0][0]}/")
    # A third new person for Pat: a reader without an account subscribes to the
    # newsletter after following Pat's link, and confirms the address.
    newsletter_reader = Browser(base, "203.0.125.5")
    newsletter_reader.get(f"/?ref={c['pat']['code']}")
    subscribe_and_confirm(newsletter_reader, "reader@people.example", in_django)

    # 1. Forty user agents from one address.
    read_all(
        [
            (
                Browser(base, "192.0.2.66", ua=BROWSER_UA.replace("126.0.0.0", f"126.0.{n}.0")),
                site["posts"]["forty-agents"][0],
            )
            for n in range(40)
        ]
    )
    # 2. One person, 25 posts.
    reader = Browser(base, "192.0.2.77")
    read_all([(reader, path) for path in site["posts"]["twenty-five-posts"]])
    # 3. The author's own views once signed out.
    author = Browser(base, "192.0.2.88")
    author.login(c["own-views"]["email"])
    author.logout()
    read_all(
        [
            (Browser(base, "192.0.2.88", ua=BROWSER_UA + f" v{n}"), site["posts"]["own-views"][0])
            for n in range(10)
        ]
    )
    # 4. An existing account follows a referral link and enrols in two courses.
    member = Browser(base, "192.0.2.99")
    member.get(f"{site['courses']['ivy'][0]['url']}?ref={c['existing-account']['code']}")
    member.login(site["users"]["existing"])
    for course in site["courses"]["ivy"]:
        member.post(f"/courses/-/enrol/{course['id']}/")
    # 5. Two sock puppets from the author's own network: three courses each, done in seconds.
    gamer = Browser(base, "192.0.2.110")
    gamer.login(c["sock-puppets"]["email"])
    for n in range(2):
        puppet = Browser(base, f"192.0.2.{111 + n}")
        puppet.get(f"{site['courses']['sock-puppets'][0]['url']}?ref={c['sock-puppets']['code']}")
        puppet.sign_up(f"puppet{n}@bench.example")
        for course in site["courses"]["sock-puppets"]:
            puppet.post(f"/courses/-/enrol/{course['id']}/")
            for lesson_id, lesson_url in course["lessons"]:
                puppet.get(lesson_url)
                puppet.post(f"/courses/-/complete/{lesson_id}/")
    # 6. Five clicks through a 135-minute course.
    friend = Browser(base, "192.0.2.130")
    friend.login(site["users"]["friend"])
    course = site["courses"]["five-clicks"][0]
    friend.post(f"/courses/-/enrol/{course['id']}/")
    for lesson_id, lesson_url in course["lessons"]:
        friend.get(lesson_url)
        friend.post(f"/courses/-/complete/{lesson_id}/")
    # 7. Newsletter sock puppets: the author signs in on their network and subscribes
    # addresses of their own from their post, each from a neighbouring address.
    author = Browser(base, "192.0.2.140")
    author.login(c["newsletter-puppets"]["email"])
    for n in range(4):
        puppet = Browser(base, f"192.0.2.{141 + n}")
        subscribe_and_confirm(
            puppet, f"puppet{n}@bench.example", in_django, site["post_ids"]["newsletter-puppets"]
        )
    # 8. One inbox, four addresses, from four networks: once.
    for n, email in enumerate(
        ["one.inbox@gmail.com", "One.Inbox+news@gmail.com", "oneinbox@googlemail.com", "ONE.INBOX@GMAIL.COM"]
    ):
        subscribe_and_confirm(
            Browser(base, f"203.0.{130 + n}.9"), email, in_django, site["post_ids"]["one-inbox"]
        )
    in_django(verify_everyone)


# --- The two passes ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_env(db_path, rules="after"):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.gaming_settings",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "BENCH_RULES": rules,
        "REDIS_URL": "",
    }


def child(args, env):
    """Run this script in a child process (its own settings and database); its JSON answer."""
    out = subprocess.run(
        [PYTHON, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare():
    """Migrate and build the site once; each pass plays on its own copy."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return build_site()


def run_pass(rules, site):
    """Serve this copy of the site with runserver, play everything over HTTP, measure."""
    import django

    django.setup()
    from django.db import connections

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("runserver did not start")

        def in_django(function, *args):
            result = function(*args)
            connections.close_all()
            return result

        play(base, site, in_django)
    finally:
        server.terminate()
        server.wait(20)
    return earnings(site, measure(rules), rules)


def money(cents):
    return f"{cents / 100:,.2f}"


def print_table(before, after):
    print()
    print(
        f"{'attack':<20} {'metric before':>24} {'metric after':>24} {'earned before':>14} {'earned after':>13}"
    )
    names = {"blogging": "readers", "courses": "points", "promotion": "referrals"}
    for key, _description in ATTACKS:

        def shown(row):
            parts = [f"{v:g} {names[s]}" for s, v in row["metrics"].items() if v]
            return ", ".join(parts) or "0"

        print(
            f"{key:<20} {shown(before[key]):>24} {shown(after[key]):>24} "
            f"{money(before[key]['earned']):>14} {money(after[key]['earned']):>13}"
        )
    print()
    for key, label in (("hana", f"{HONEST_READERS} readers"), ("ivy", "4 learners"), ("pat", "3 new people")):
        b, a = before["honest"], after["honest"]
        print(
            f"honest {key} ({label}): with every attacker {money(b['earned_with_attackers'][key])} before, "
            f"{money(a['earned_with_attackers'][key])} after; alone {money(a['earned_alone'][key])} after"
        )
    one = after["one-honest-person"]
    print(
        "one honest person is worth, after: "
        + ", ".join(f"{money(v)} ({s})" for s, v in one.items())
        + f" in a {money(POOL)} pool"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--step", choices=("prepare", "before", "after"), help=argparse.SUPPRESS)
    parser.add_argument("--site", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        print(json.dumps(prepare()))
        return
    if args.step:
        print(json.dumps(run_pass(args.step, json.loads(Path(args.site).read_text()))))
        return
    results = {}
    with tempfile.TemporaryDirectory(prefix="kmp-bench-gaming-") as tmp:
        tmp = Path(tmp)
        started = time.time()
        print("Migrating a SQLite database and building the bench site ...", flush=True)
        site = child(["--step", "prepare"], child_env(tmp / "site.sqlite3"))
        (tmp / "site.json").write_text(json.dumps(site))
        print(f"  done in {time.time() - started:.0f} s", flush=True)
        for rules in ("before", "after"):
            started = time.time()
            print(
                f"{rules}: runserver on a copy, every attack and the honest crowd over HTTP ...", flush=True
            )
            shutil.copy(tmp / "site.sqlite3", tmp / f"{rules}.sqlite3")
            results[rules] = child(
                ["--step", rules, "--site", str(tmp / "site.json")],
                child_env(tmp / f"{rules}.sqlite3", rules),
            )
            print(f"  done in {time.time() - started:.0f} s", flush=True)
    print_table(results["before"], results["after"])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
