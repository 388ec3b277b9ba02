"""Every URL the site and the admin expose, fed bad values: no answer may be a 500, and
every refusal (4xx) says something a person can read.

What it covers, per process (the demo site is seeded once per module and rolled back):
- every URL pattern from the URLconf (``get_resolver().url_patterns``, walked
  recursively: the site's apps, allauth, the Wagtail admin), and for the Wagtail page
  route, one live page of every page type with each of its RoutablePage sub-routes;
- each path parameter, one at a time, replaced by every value of ``CORPUS`` while the
  others keep real ids from the seeded database, signed out (the admin's are only
  tried signed out with real ids: its sign-in gate answers before any view runs);
- on the site's patterns (not the admin's), the query parameters the views read (found
  in the project's source) plus common ones, all set at once to each value of
  ``CORPUS``, signed out;
- signed in, by rotation across patterns: a learner, each of the six roles and a
  superuser each take every ``ROTATION``-th pattern, with real ids, then with the next
  corpus value in turn in every path and query parameter, and a POST of every form
  field the project defines set to one corpus value (so every value is also sent
  signed in somewhere, and each actor takes an eighth of the patterns).
Each request runs in its own savepoint that is rolled back, so a POST that deletes or
signs out changes nothing for the next one. The patterns are split into two shards
(one per xdist worker). The counts are printed (``-s``), written to
``test-output/url-sweep-<database>-shard-<n>.txt`` and checked, so a URLconf that
stops being walked fails here.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import strip_tags
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from community.people import roles

# (label, text, raw): raw text goes into the URL as written, so "%ff" stays an escape.
CORPUS = [
    ("empty", "", False),
    ("word", "abc", False),
    ("negative", "-1", False),
    ("zero", "0", False),
    ("huge integer", "99999999999999999999", False),
    ("far future key", "99991231T235959Z", False),
    ("far past date", "00010101", False),
    ("far future date", "9999-12-31", False),
    ("NUL", "\x00", False),
    ("10 KB", "x" * 10_240, False),
    ("right-to-left", "\u202eabc\u202c \u05e9\u05dc\u05d5\u05dd", False),
    ("emoji", "\U0001f600\U0001f468\u200d\U0001f469\u200d\U0001f467", False),
    ("combining", "e\u0301\u0302\u0303\u0304", False),
    ("escaped NUL", "%00", True),
    ("invalid UTF-8", "%ff", True),
    ("SQL", "' OR 1=1--", False),
    ("template", "{{ 7*7 }}", False),
    ("template tag", "{% debug %}", False),
]
COMMON_QUERY_PARAMETERS = {
    "page",
    "p",
    "q",
    "topic",
    "sort",
    "period",
    "month",
    "filters",
    "order",
    "next",
    "o",
}
# Signed-in actors take turns across patterns; each pattern gets one of them.
ROTATION = ["learner", *roles.ALL_ROLES, "superuser"]
# How many corpus values a signed-in actor tries per pattern (in turn, so all are used).
SIGNED_IN_VALUES = 1
SOURCE_DIRS = ["portal", "home", "blog", "courses", "community", "search"]
# Signing out would leave the rest of the sweep signed out.
NO_POST = re.compile(r"logout")
PAGE_ROUTE = r"^((?:[\w\-]+/)*)$"


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


PARAMETER = re.compile(r"<(?:\w+:)?(?P<route>\w+)>|\(\?P<(?P<named>\w+)>[^)]*\)|\((?!\?)[^)]*\)")


@dataclass
class Template:
    """A URL pattern as text with named holes: "admin/pages/{page_id}/edit/"."""

    text: str
    params: list = field(default_factory=list)

    @classmethod
    def from_pattern(cls, pattern):
        params = []

        def hole(match):
            name = match.group("route") or match.group("named") or f"arg{len(params)}"
            params.append(name)
            return "\x01" + name + "\x02"

        text = PARAMETER.sub(hole, pattern).replace("^", "").replace("$", "").replace("\\", "")
        return cls(text, params)

    def fill(self, values):
        text = self.text
        for name in self.params:
            text = text.replace("\x01" + name + "\x02", values[name], 1)
        return "/" + text


def encode(text, raw):
    return text if raw else quote(text, safe="")


def source_query_parameters():
    """Names the project's views read from request.GET or request.POST."""
    names = set()
    pattern = re.compile(r"""(?:GET|POST|querydict|params)\.get(?:list)?\(\s*["'](\w+)["']""")
    for directory in SOURCE_DIRS:
        for path in (Path(settings.BASE_DIR) / directory).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                names.update(pattern.findall(path.read_text()))
    return names


def form_field_names():
    """Every field of the project's own forms, for POSTs."""
    from django import forms

    names, pending = set(), list(forms.BaseForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in SOURCE_DIRS:
            names.update(getattr(form, "base_fields", {}))
    return names


def real_ids():
    """Path values that name real things in the seeded demo site."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from blog.models import BlogIndexPage, BlogPostPage
    from community.conversation.digest import UNSUBSCRIBE, token_for
    from community.conversation.models import Comment, DigestSubscription, Follow
    from community.events.attendee_feed import attendee_feed_token
    from community.events.models import RSVP, EventPage
    from community.payments.models import Payment, Subscription
    from community.people.models import ContributorProfile
    from community.rewards.models import RewardPeriod, Statement
    from community.wishlists.models import Offer, Service, WishItem, WishListPage
    from courses.models import CoursePage, Enrolment, LessonPage

    post = BlogPostPage.objects.live().first()
    event = EventPage.objects.live().exclude(recurrence="").first() or EventPage.objects.live().first()
    occurrence = event.next_occurrences(1)[0] if event.next_occurrences(1) else None
    enrolment = Enrolment.objects.exclude(certificate_code="").first() or Enrolment.objects.first()
    image = get_image_model().objects.first()
    document = get_document_model().objects.first()
    revision = post.latest_revision
    period = RewardPeriod.objects.order_by("-start").first()
    ids = {
        "page_id": post.pk,
        "page_pk": post.pk,
        "parent_page_id": BlogIndexPage.objects.first().pk,
        "page_to_move_id": post.pk,
        "destination_id": BlogIndexPage.objects.first().pk,
        "revision_id": revision.pk if revision else 1,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "image_id": image.pk if image else 1,
        "document_id": document.pk if document else 1,
        "doc_id": document.pk if document else 1,
        "arg0": document.pk if document else 1,
        "arg1": document.filename if document else "x.pdf",
        "user_id": get_user_model().objects.first().pk,
        "group_id": Group.objects.first().pk,
        "content_type_app_name": "blog",
        "content_type_model_name": "blogpostpage",
        "app_label": "people",
        "model_name": "contributorprofile",
        "app_name": "people",
        "slug": ContributorProfile.objects.first().slug,
        "course_id": CoursePage.objects.live().first().pk,
        "lesson_id": LessonPage.objects.live().first().pk,
        "code": enrolment.certificate_code if enrolment and enrolment.certificate_code else "abc",
        "event_id": event.pk,
        "key": occurrence.key if occurrence else "20260101T120000Z",
        "feed_token": attendee_feed_token(RSVP.objects.filter(status=RSVP.Status.GOING).first().user),
        "month": f"{period.start:%Y-%m}" if period else "2026-10",
        "item_id": WishItem.objects.first().pk,
        "offer_id": Offer.objects.first().pk,
        "service_id": Service.objects.first().pk,
        "comment_id": Comment.objects.order_by("pk").first().pk,
        "kind": "topic",
        "target_id": Follow.objects.exclude(topic=None).first().topic_id,
        "token": token_for(DigestSubscription.objects.order_by("pk").first(), UNSUBSCRIBE),
        "payment_token": Payment.objects.first().access_token,
        "subscription_id": Subscription.objects.values_list("pk", flat=True).first() or 1,
        "filter_spec": "original",
        "action_name": "edit",
        "action": "edit",
    }
    # pk / instance_pk / object_id: a row of the model named in the path, found per pattern.
    ids["_models"] = {
        "statement": Statement.objects.first(),
        "rsvp": RSVP.objects.first(),
        "wishlistpage": WishListPage.objects.first(),
    }
    return {name: str(value) if not name.startswith("_") else value for name, value in ids.items()}


def model_pk(template_text, fallback):
    """A real pk for "admin/<app>/<model>/.../<pk>/" patterns."""
    from django.apps import apps

    parts = [part for part in template_text.split("/") if part and "\x01" not in part]
    for app_label, model_name in zip(parts, parts[1:], strict=False):
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            continue
        row = model._default_manager.order_by("pk").first()
        return str(row.pk) if row else fallback
    return fallback


def page_routes():
    """A live page of every page type, and the sub-routes of those that have them."""
    templates = []
    for model in get_page_models():
        page = model.objects.live().order_by("-depth", "path").first()
        if page is None or not page.url:
            continue
        templates.append(("page", Template(page.url.lstrip("/"), []), model.__name__))
        if isinstance(page, RoutablePageMixin):
            for sub in walk(page.get_subpage_urls()):
                if sub in ("", "^$"):
                    continue
                template = Template.from_pattern(sub)
                template.text = page.url.lstrip("/") + template.text
                templates.append(("page", template, model.__name__))
    return templates


@dataclass
class Report:
    requests: int = 0
    failures: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)


def send(client, report, method, url, data=None):
    report.requests += 1
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data or {})
            transaction.set_rollback(True)
    except DatabaseError as error:
        report.failures.append((method, url[:200], f"database error: {error}"[:200]))
        return
    status = response.status_code
    report.statuses[status] = report.statuses.get(status, 0) + 1
    failure = None
    if status >= 500:
        failure = status
    elif 400 <= status < 500:
        body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else "x"
        if not strip_tags(body).strip():
            failure = f"{status} with an empty body"
    if failure:
        report.failures.append((method, url[:200], failure))


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            started = time.monotonic()
            call_command("seed_demo", verbosity=0)
            users = {"learner": get_user_model().objects.create_user(email="sweep-learner@example.com")}
            for role in roles.ALL_ROLES:
                user = get_user_model().objects.create_user(
                    email=f"sweep-{role.lower().replace(' ', '-')}@x.example"
                )
                user.groups.add(Group.objects.get(name=role))
                users[role] = user
            users["superuser"] = get_user_model().objects.create_superuser(email="sweep-root@example.com")
            site = {
                "users": users,
                "ids": real_ids(),
                "templates": [
                    ("url", Template.from_pattern(p), p) for p in walk(get_resolver().url_patterns)
                ],
                "query": sorted(COMMON_QUERY_PARAMETERS | source_query_parameters()),
                "form_fields": sorted(form_field_names()),
                "seconds": time.monotonic() - started,
            }
            site["templates"] = [t for t in site["templates"] if t[2] != PAGE_ROUTE] + page_routes()
            yield site
            transaction.set_rollback(True)


def sweep(demo_site, shard, shards):
    ids = demo_site["ids"]
    report = Report()
    signed_out = Client(raise_request_exception=False)
    clients = {}
    for name, user in demo_site["users"].items():
        clients[name] = Client(raise_request_exception=False)
        clients[name].force_login(user)
    query_names = demo_site["query"]
    form_fields = demo_site["form_fields"]
    templates = demo_site["templates"][shard::shards]
    covered_params = set()
    for index, (_kind, template, _source) in enumerate(templates):
        number = index * shards + shard
        real = {name: ids.get(name, "1") for name in template.params}
        for name in template.params:
            if name in ("pk", "instance_pk", "object_id", "query_id", "task_id", "workflow_pk"):
                real[name] = model_pk(template.text, "1")
        covered_params.update(template.params)
        is_admin = template.text.startswith("admin/")
        valid_url = template.fill(real)
        send(signed_out, report, "GET", valid_url)
        if not is_admin:
            for _label, text, raw in CORPUS:
                value = encode(text, raw)
                for name in template.params:
                    send(signed_out, report, "GET", template.fill({**real, name: value}))
                query = "&".join(f"{name}={value}" for name in query_names)
                send(signed_out, report, "GET", f"{valid_url}?{query}")
        actor = ROTATION[number % len(ROTATION)]
        if is_admin and actor == "learner":
            actor = "superuser"
        client = clients[actor]
        send(client, report, "GET", valid_url)
        for offset in range(SIGNED_IN_VALUES):
            _label, text, raw = CORPUS[(number + offset) % len(CORPUS)]
            value = encode(text, raw)
            query = "&".join(f"{name}={value}" for name in query_names)
            send(client, report, "GET", template.fill(dict.fromkeys(template.params, value)) + "?" + query)
        if not NO_POST.search(template.text):
            _label, text, _raw = CORPUS[number % len(CORPUS)]
            send(client, report, "POST", valid_url, dict.fromkeys(form_fields, text))
    return report, templates, covered_params


@pytest.mark.django_db
@pytest.mark.parametrize("shard", [0, 1])
def test_no_url_answers_500_to_bad_values(demo_site, shard, output_dir):
    started = time.monotonic()
    report, templates, covered_params = sweep(demo_site, shard, shards=2)
    counts = (
        f"URL sweep shard {shard} on {connection.vendor}: {len(templates)} URL patterns ({sum(1 for t in templates if t[0] == 'page')} "
        f"page routes), {len(covered_params)} path parameters, {len(demo_site['query'])} query parameters, "
        f"{len(demo_site['form_fields'])} form fields, {len(CORPUS)} bad values, {report.requests} requests "
        f"in {time.monotonic() - started:.0f}s (seeding {demo_site['seconds']:.0f}s); statuses {report.statuses}"
    )
    # xdist hides prints, so the counts are also written down for the closing note.
    print("\n" + counts)
    (output_dir / f"url-sweep-{connection.vendor}-shard-{shard}.txt").write_text(counts + "\n")
    assert len(templates) > 150 and len(CORPUS) == 18
    failures = "\n".join(f"{method} {url} -> {what}" for method, url, what in report.failures)
    assert not report.failures, f"{len(report.failures)} failing requests:\n{failures}"
