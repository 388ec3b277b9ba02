"""Demo search data: a few weeks of popular searches and editors' picks, so the
admin's Popular searches report and the pinned results have something to show."""

import datetime

from django.apps import apps
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

# (query, searches per day) over the last two weeks.
POPULAR_SEARCHES = [
    ("practice", 9),
    ("communities of practice", 6),
    ("lessons learned", 4),
    ("tacit knowledge", 3),
    ("km strategy", 2),
    ("after-action review", 1),
]
DAYS = 14
# (query, model label, words in the title of the page to pin, description)
PICKS = [
    ("practice", "courses.CoursePage", "practice", "Our course on running a community of practice."),
    ("community", "events.CommunityPage", "kmers", "Join the KMers community of practice."),
]


def seed_search(command):
    today = timezone.localdate()
    for query_string, per_day in command.progress(POPULAR_SEARCHES, "popular searches"):
        query = Query.get(query_string)
        if query.daily_hits.exists():
            continue
        QueryDailyHits.objects.bulk_create(
            QueryDailyHits(query=query, date=today - datetime.timedelta(days=day), hits=per_day + day % 3)
            for day in range(DAYS)
        )
    pinned = []
    for query_string, model_label, title_words, description in PICKS:
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        page = model.objects.live().filter(title__icontains=title_words).order_by("pk").first()
        if page is None:
            continue
        SearchPromotion.objects.get_or_create(
            query=Query.get(query_string), page=page, defaults={"description": description, "sort_order": 0}
        )
        pinned.append(f"“{query_string}” → {page.title}")
    command.note("Search: try “practice” in the header; popular searches are under Reports in the admin.")
    if pinned:
        command.note("Pinned search results: " + "; ".join(pinned))
