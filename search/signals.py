"""Search's caches start afresh when anything search reads changes (search.cache)."""

from django.db.models.signals import post_delete, post_save
from modelsearch.index import Indexed
from taggit.models import ItemBase
from wagtail.models import Page, PageViewRestriction, Site

from portal.breaker import service_recovered

from .cache import content_changed, new_generation

# Pages and people (what is found), view restrictions and sites (who may see it),
# and tags (the topic filter).
SEARCH_INPUTS = (Page, Indexed, PageViewRestriction, Site, ItemBase)


def search_input_changed(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, SEARCH_INPUTS):
        content_changed()


def cache_recovered(sender, name, **kwargs):
    # Changes made while Redis was away could not replace the generation there.
    if name.startswith("Redis"):
        new_generation()


def connect():
    post_save.connect(search_input_changed, dispatch_uid="search-input-saved")
    post_delete.connect(search_input_changed, dispatch_uid="search-input-deleted")
    service_recovered.connect(cache_recovered, dispatch_uid="search-cache-recovered")
