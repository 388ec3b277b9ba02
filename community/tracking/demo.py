"""Demo readers: 90 days of daily views for every demo blog post, so that each
contributor's Reach chart has a shape, and the qualified readers the blogging stream
pays for (most readers read to the end), so that the demo's closed month pays its
authors. Deterministic, and kept when run again."""

import hashlib
import math
from datetime import timedelta

from django.apps import apps

from .models import PageViewDaily, QualifiedRead
from .visitors import today

DAYS = 90
# The share of a day's readers who read to the end (readers.py's engaged read).
QUALIFIED_SHARE = 0.6


def _daily_readers(page_id, day_index):
    """A post's readers on a day: a launch peak that decays, a weekly rhythm, some noise."""
    seed = hashlib.sha256(f"{page_id}:{day_index}".encode()).digest()
    launch = 20 + seed[0] % 40
    age = DAYS - 1 - day_index
    decay = launch * math.exp(-age / 25)
    weekly = 0.75 if day_index % 7 in (5, 6) else 1.0
    return max(0, round((6 + decay) * weekly + seed[1] % 7 - 3))


def seed_page_views(command):
    try:
        BlogPostPage = apps.get_model("blog", "BlogPostPage")
    except LookupError:
        command.note("Page views: no blog posts model yet, nothing seeded.")
        return
    end = today()
    start = end - timedelta(days=DAYS - 1)
    posts = list(BlogPostPage.objects.live().values_list("pk", flat=True))
    existing = set(
        PageViewDaily.objects.filter(page_id__in=posts, day__gte=start).values_list("page_id", "day")
    )
    rows = []
    for page_id in command.progress(posts, "page views"):
        for index in range(DAYS):
            day = start + timedelta(days=index)
            if (page_id, day) in existing:
                continue
            visitors = _daily_readers(page_id, index)
            if visitors:
                rows.append(
                    PageViewDaily(page_id=page_id, day=day, views=visitors + visitors // 3, visitors=visitors)
                )
    PageViewDaily.objects.bulk_create(rows, batch_size=1000)
    reads = _qualified_reads(posts, start)
    command.note(
        f"Page views: {len(rows)} daily rows seeded for {len(posts)} blog posts, "
        f"{reads} qualified readers for their authors."
    )


def _demo_key(*parts):
    return hashlib.sha256(":".join(map(str, ("demo", *parts))).encode()).hexdigest()[:32]


def _qualified_reads(posts, start):
    """Each author's qualified readers per day: the engaged share of their posts' readers,
    each reader on a network of their own. Days that already have some are kept."""
    BlogPostAuthor = apps.get_model("blog", "BlogPostAuthor")
    authors = {}
    for page_id, author_id in BlogPostAuthor.objects.filter(page_id__in=posts).values_list(
        "page_id", "author_id"
    ):
        authors.setdefault(author_id, []).append(page_id)
    existing = set(
        QualifiedRead.objects.filter(day__gte=start).values_list("contributor_id", "day").distinct()
    )
    rows = []
    for author_id, pages in authors.items():
        for index in range(DAYS):
            day = start + timedelta(days=index)
            if (author_id, day) in existing:
                continue
            readers = round(sum(_daily_readers(page_id, index) for page_id in pages) * QUALIFIED_SHARE)
            rows.extend(
                QualifiedRead(
                    contributor_id=author_id,
                    day=day,
                    reader_key=_demo_key(day, author_id, number),
                    network_key=_demo_key("network", day, author_id, number),
                    slot=1,
                    page_id=pages[number % len(pages)],
                )
                for number in range(readers)
            )
    QualifiedRead.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
