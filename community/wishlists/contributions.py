"""What contributors have published elsewhere on the site (posts, courses, events) and
the topics of it, read from the other apps' models by name. Those apps may not have
their models yet, or may name a link's fields differently, so every source is
optional: a missing one simply contributes nothing."""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from wagtail.models import Page

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    kind: str  # the Activity field it counts: posts, courses or events
    app_label: str
    link_model: str  # the orderable linking a page to a ContributorProfile
    topic_model: str | None = None  # the taggit through model of the page's topics


SOURCES = [
    Source("posts", "blog", "BlogPostAuthor", "BlogPostTopic"),
    Source("courses", "courses", "CourseInstructor", "CourseTopic"),
    Source("events", "events", "EventOrganiser"),
]


@dataclass(frozen=True)
class Link:
    model: type
    page_field: str
    profile_field: str


def _field_to(model, predicate):
    for field in model._meta.get_fields():
        if field.many_to_one and field.concrete and predicate(field.related_model):
            return field.name
    return None


def resolve_link(source):
    """The link model and its page and profile field names, or None if unavailable."""
    try:
        model = apps.get_model(source.app_label, source.link_model)
        profile_model = apps.get_model("people", "ContributorProfile")
    except LookupError:
        return None
    page_field = _field_to(model, lambda m: isinstance(m, type) and issubclass(m, Page))
    profile_field = _field_to(model, lambda m: m is profile_model)
    if not page_field or not profile_field:
        logger.warning("%s.%s has no page or contributor field", source.app_label, source.link_model)
        return None
    return Link(model, page_field, profile_field)


def resolve_topic_model(source):
    if not source.topic_model:
        return None
    try:
        model = apps.get_model(source.app_label, source.topic_model)
        model._meta.get_field("content_object")
        model._meta.get_field("tag")
    except (LookupError, FieldDoesNotExist):
        return None
    return model


def activity_counts(profile_ids):
    """{profile id: {"posts": n, "courses": n, "events": n}} counting live pages only."""
    counts = defaultdict(dict)
    profile_ids = list(profile_ids)
    if not profile_ids:
        return counts
    for source in SOURCES:
        link = resolve_link(source)
        if link is None:
            continue
        rows = (
            link.model.objects.filter(
                **{f"{link.profile_field}__in": profile_ids, f"{link.page_field}__live": True}
            )
            .values(link.profile_field)
            .annotate(n=Count(link.page_field, distinct=True))
            .order_by()
        )
        for row in rows:
            counts[row[link.profile_field]][source.kind] = row["n"]
    return counts


def contributed_topics(profile_ids=None, slugs=None):
    """{profile id: {(slug, name), ...}} from the topics of their live posts and courses,
    limited to the given profiles and/or topic slugs."""
    found = defaultdict(set)
    for source in SOURCES:
        link = resolve_link(source)
        topic_model = resolve_topic_model(source)
        if link is None or topic_model is None:
            continue
        links = link.model.objects.filter(**{f"{link.page_field}__live": True})
        if profile_ids is not None:
            links = links.filter(**{f"{link.profile_field}_id__in": list(profile_ids)})
        topic_rows = topic_model.objects.filter(content_object__live=True)
        if slugs is not None:
            topic_rows = topic_rows.filter(tag__slug__in=list(slugs))
        if profile_ids is not None:
            # Start from the few pages these people made rather than every tagged page.
            topic_rows = topic_rows.filter(content_object_id__in=links.values(f"{link.page_field}_id"))
        topics_by_page = defaultdict(set)
        for page_id, slug, name in topic_rows.values_list("content_object_id", "tag__slug", "tag__name"):
            topics_by_page[page_id].add((slug, name))
        if not topics_by_page:
            continue
        links = links.filter(**{f"{link.page_field}_id__in": list(topics_by_page)})
        for page_id, profile_id in links.values_list(f"{link.page_field}_id", f"{link.profile_field}_id"):
            found[profile_id] |= topics_by_page[page_id]
    return found
