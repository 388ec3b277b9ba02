"""The site search: what may be found, filtered by kind and topic.

Pages come from Page.objects.live().public() in the request's site, so drafts,
unpublished and view-restricted pages are never candidates; what a page type
indexes is its own search_fields (lesson bodies are not indexed). Everything
here goes through the configured Wagtail search backend, so the same code runs
on the database backend (SQLite FTS5, PostgreSQL) and on OpenSearch."""

import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Q
from taggit.models import Tag, TaggedItemBase
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText
from wagtail.search.utils import normalise_query_string

from . import fallback
from .highlight import terms_pattern
from .params import WORD
from .result_types import (
    OTHER_PAGES,
    PEOPLE,
    available_result_types,
    get_result_type,
    named_page_models,
    result_type_for_model,
)

logger = logging.getLogger(__name__)


def public_pages(request):
    """Pages anyone may read: live, without view restrictions, in this site.

    Built once per request: public() reads every view restriction when called."""
    pages = getattr(request, "_search_public_pages", None)
    if pages is None:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        pages = pages.in_site(site) if site else pages
        request._search_public_pages = pages
    return pages


def people_model():
    people = get_result_type(PEOPLE)
    return people.model if people else None


def topic_through_models():
    """taggit's through models whose tagged objects search can find (pages, people)."""
    people = people_model()
    for model in apps.get_models():
        if not issubclass(model, TaggedItemBase):
            continue
        target = model._meta.get_field("content_object").related_model
        if not isinstance(target, type):  # taggit's generic TaggedItem
            continue
        if issubclass(target, Page) or (people is not None and issubclass(target, people)):
            yield model, target


def tagged_ids(topic, target_base):
    """Ids of the objects of target_base (or its subclasses) tagged with topic.

    A list rather than a subquery, so that the filter also works on search
    backends that cannot join (OpenSearch filters on indexed fields only)."""
    ids = set()
    for through, target in topic_through_models():
        if target_base is not None and issubclass(target, target_base):
            ids.update(through.objects.filter(tag=topic).values_list("content_object_id", flat=True))
    return sorted(ids)


def topics_in_use(request):
    """Topics on public pages and on people, for the topic filter (none from drafts)."""
    pages = public_pages(request)
    tag_ids = Q(pk__in=[])
    for through, target in topic_through_models():
        tagged = through.objects.all()
        if issubclass(target, Page):
            tagged = tagged.filter(content_object__in=pages.values("pk"))
        tag_ids |= Q(pk__in=tagged.values("tag_id"))
    return Tag.objects.filter(tag_ids).order_by("name")


def singleton_page_models():
    """Page types that exist once (the home page, each section's index): navigation,
    already in the menus, and so short that they would outrank the content they list."""
    return [model for model in get_page_models() if model.max_count == 1]


def content_pages(request):
    """The public pages search lists and suggests."""
    singletons = singleton_page_models()
    pages = public_pages(request)
    return pages.not_type(*singletons) if singletons else pages


def filtered_pages(request, topic=None):
    pages = content_pages(request)
    if topic is not None:
        pages = pages.filter(pk__in=tagged_ids(topic, Page))
    return pages


def restrict_to_type(pages, result_type):
    if result_type.key == OTHER_PAGES:
        named = named_page_models()
        return pages.not_type(*named) if named else pages
    return pages.type(result_type.model)


def search_pages(pages, terms):
    return pages.search(" ".join(terms), operator="and", backend=fallback.backend_name())


def page_counts_by_type(pages, terms):
    """{result type key: number of matching pages}, from one facet query."""
    counts = {}
    facets = pages.search(
        " ".join(terms), operator="and", order_by_relevance=False, backend=fallback.backend_name()
    ).facet("content_type_id")
    for content_type_id, count in facets.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        result_type = result_type_for_model(model)
        counts[result_type.key] = counts.get(result_type.key, 0) + count
    return counts


def search_people(terms, topic=None):
    people = people_model()
    if people is None:
        return None
    profiles = people.objects.all()
    if topic is not None:
        # ContributorProfile indexes slug (not id) as a filter field.
        tagged = tagged_ids(topic, people)
        profiles = profiles.filter(
            slug__in=list(people.objects.filter(pk__in=tagged).values_list("slug", flat=True))
        )
    # Snippet managers are plain QuerySets; the backend searches any queryset.
    return get_search_backend(fallback.backend_name()).search(" ".join(terms), profiles, operator="and")


def promoted_results(request, query):
    """Editors' picks for this query whose page anyone may still read, or external links."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    readable = set(public_pages(request).filter(pk__in=page_ids).values_list("pk", flat=True))
    return [
        pick for pick in picks if (pick.page_id in readable) or (not pick.page_id and pick.external_link_url)
    ]


def record_query(query):
    """Count a search for the editors' popular-searches report; never fail the search."""
    try:
        with transaction.atomic():
            Query.get(query).add_hit()
    except DatabaseError:
        logger.warning("Could not record a search query", exc_info=True)


# SQLite's index holds Porter stems ("community" is stored as "commun"), so a
# half-typed "communi" is a prefix of nothing stored. There the backend is also
# asked for the last word cut back towards its root, and only titles in which a
# word really starts with what was typed are kept. PostgreSQL and OpenSearch index
# suggestions unstemmed and need no cutting; the check below is then a no-op.
STEMMED_PREFIX_BACKENDS = {"SQLiteSearchBackend"}
CANDIDATES_PER_SUGGESTION = 5


def autocomplete_query(terms, backend):
    """What to ask the backend for: the typed words; on a stemmed index, or the
    last word cut back towards its root ("communi" -> "comm", "runni" -> "run")."""
    text = " ".join(terms)
    if type(backend).__name__ not in STEMMED_PREFIX_BACKENDS:
        return text
    *head, last = terms
    root = last[: max(3, len(last) - 3)]
    if root == last:
        return text
    # The whole word still goes too: the index stems a complete word as it stems the page.
    return Or([PlainText(text, operator="and"), PlainText(" ".join([*head, root]), operator="and")])


def completes(label, terms):
    """Every typed word is in the label, the last one as the start of a word."""
    *head, last = terms
    if not any(word.casefold().startswith(last.casefold()) for word in WORD.findall(label)):
        return False
    return all(terms_pattern([term]).search(label) for term in head)


def suggestions(request, terms, limit=8, people_limit=2):
    """Titles that complete what was typed: pages, then people."""
    backend = get_search_backend(fallback.backend_name())
    query = autocomplete_query(terms, backend)
    results = []
    people = people_model()
    if people is not None:
        profiles = backend.autocomplete(query, people.objects.all(), operator="and")
        for profile in profiles[: people_limit * CANDIDATES_PER_SUGGESTION]:
            if len(results) < people_limit and completes(profile.display_name, terms):
                results.append(
                    {
                        "label": profile.display_name,
                        "url": profile.get_absolute_url(),
                        "type": _type_label(people),
                    }
                )
    page_results = []
    pages = content_pages(request).autocomplete(query, operator="and", backend=fallback.backend_name())
    for page in pages[: limit * CANDIDATES_PER_SUGGESTION]:
        if len(page_results) + len(results) < limit and completes(page.title, terms):
            page_results.append(
                {
                    "label": page.title,
                    "url": page.get_url(request),
                    "type": _type_label(page.specific_class or Page),
                }
            )
    # The kinds in the filter bar's order (courses before their lessons), each in rank order.
    order = {result_type.label: position for position, result_type in enumerate(available_result_types())}
    return sorted(page_results, key=lambda item: order.get(item["type"], len(order))) + results


def _type_label(model):
    return str(result_type_for_model(model).label)
