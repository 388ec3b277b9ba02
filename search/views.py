from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page, Site

from . import fallback, site_search
from .cache import cached
from .highlight import mark_terms, snippet, terms_pattern
from .params import MAX_QUERY_LENGTH, SearchParams, clean_text, search_terms
from .result_types import PEOPLE, available_result_types, get_result_type, result_type_for_model

RESULTS_PER_PAGE = 10
PEOPLE_ON_FIRST_PAGE = 3
MIN_SUGGEST_LENGTH = 2
RETRY_AFTER_SECONDS = 60


class CountedPaginator(Paginator):
    """A paginator told its count, which the type facets already gave us,
    so that a results page costs one search query instead of two."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def site_key(request):
    site = Site.find_for_request(request)
    return site.pk if site else None


def over_rate_limit(request, group, setting_name, default_rate):
    """Per client: a signed-in user by id, otherwise the address (see docs/search.md for proxies)."""
    rate = getattr(settings, setting_name, default_rate)
    return is_ratelimited(request, group=group, key="user_or_ip", rate=rate, increment=True)


def rate_limited_page(request, params):
    response = render(request, "search/rate_limited.html", {"query": params.query}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def search(request):
    params = SearchParams.from_querydict(request.GET)
    context = {"query": params.query, "params": params, "max_query_length": MAX_QUERY_LENGTH}
    if params.error:
        return render(request, "search/search.html", context, status=400)
    if params.terms:
        if over_rate_limit(request, "search", "SEARCH_RATE_LIMIT", "30/m"):
            return rate_limited_page(request, params)
        context.update(fallback.run(lambda: run_search(request, params)))
        if not params.is_refinement:
            site_search.record_query(params.query)
    context["topics"] = cached("topics", site_key(request), lambda: list(site_search.topics_in_use(request)))
    return render(request, "search/search.html", context)


def run_search(request, params):
    terms = params.terms
    pattern = terms_pattern(terms)
    pages = site_search.filtered_pages(request, params.topic)
    people = site_search.search_people(terms, params.topic)

    def count_by_kind():
        counts = site_search.page_counts_by_type(pages, terms)
        if people is not None:
            counts[PEOPLE] = people.count()
        return counts

    # The same for everyone who searches these words; see search/cache.py.
    counts = cached(
        "counts",
        (site_key(request), tuple(term.lower() for term in terms), params.topic.pk if params.topic else None),
        count_by_kind,
    )
    selected = params.result_type

    if selected is None:
        page_results = site_search.search_pages(pages.specific(), terms)
        paginator = CountedPaginator(
            page_results, RESULTS_PER_PAGE, sum(counts.values()) - counts.get(PEOPLE, 0)
        )
    elif selected.key == PEOPLE:
        paginator = CountedPaginator(people, RESULTS_PER_PAGE, counts.get(PEOPLE, 0))
    else:
        typed_pages = site_search.restrict_to_type(pages, selected).specific()
        paginator = CountedPaginator(
            site_search.search_pages(typed_pages, terms), RESULTS_PER_PAGE, counts.get(selected.key, 0)
        )
    page_obj = paginator.get_page(params.page)
    results = [describe(request, obj, terms, pattern) for obj in page_obj.object_list]

    first_page = page_obj.number == 1
    people_group = []
    if selected is None and first_page and people is not None and counts.get(PEOPLE):
        people_group = [describe(request, obj, terms, pattern) for obj in people[:PEOPLE_ON_FIRST_PAGE]]
    promoted = []
    if first_page and not params.result_type and not params.topic:
        promoted = site_search.promoted_results(request, params.query)

    return {
        "page_obj": page_obj,
        "results": results,
        "people_group": people_group,
        "people_count": counts.get(PEOPLE, 0),
        "promoted": promoted,
        "total": sum(counts.values()),
        "type_filters": type_filters(params, counts),
        "extra_query": filter_query(params, params.result_type, params.topic),
        "all_types_query": filter_query(params, None, params.topic),
        "unfiltered_query": filter_query(params, None, None),
        "people_query": filter_query(params, get_result_type(PEOPLE), params.topic),
    }


def filter_query(params, result_type, topic):
    query = {"q": params.query}
    if result_type is not None:
        query["type"] = result_type.key
    if topic is not None:
        query["topic"] = topic.slug
    return urlencode(query)


def type_filters(params, counts):
    return [
        {
            "type": result_type,
            "count": counts.get(result_type.key, 0),
            "query": filter_query(params, result_type, params.topic),
            "current": params.result_type == result_type,
        }
        for result_type in available_result_types()
        if counts.get(result_type.key) or params.result_type == result_type
    ]


def describe(request, obj, terms, pattern):
    """What the results list shows for one page or person."""
    if isinstance(obj, Page):
        title, url = obj.title, obj.get_url(request)
        fallback = (
            obj.get_listing_summary() if hasattr(obj, "get_listing_summary") else obj.search_description
        )
    else:
        title, url, fallback = str(obj), obj.get_absolute_url(), ""
    return {
        "object": obj,
        "title": mark_terms(title, pattern),
        "url": url,
        "type": result_type_for_model(type(obj)),
        "snippet": snippet(obj, terms, fallback=fallback),
    }


def suggest(request):
    """Autocomplete for the header search box: JSON, public titles only."""
    query = clean_text(request.GET.get("q", ""))
    if len(query) > MAX_QUERY_LENGTH:
        message = _("Searches can be at most %(limit)d characters long.") % {"limit": MAX_QUERY_LENGTH}
        return JsonResponse({"error": message}, status=400)
    terms = search_terms(query)
    payload = {
        "query": query,
        "suggestions": [],
        "search_url": f"{reverse('search:search')}?{urlencode({'q': query})}",
    }
    if not terms or len(query) < MIN_SUGGEST_LENGTH:
        return JsonResponse(payload)
    if over_rate_limit(request, "search-suggest", "SEARCH_SUGGEST_RATE_LIMIT", "120/m"):
        response = JsonResponse({"error": _("Too many searches. Please wait a minute.")}, status=429)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    payload["suggestions"] = fallback.run(lambda: site_search.suggestions(request, terms))
    return JsonResponse(payload)
