"""Short-lived caches of search work that is the same for every visitor: the
counts per kind for a query and the topics in use. Every key carries a
generation token that any change to searchable content replaces, at once and
again when its transaction commits, so the next search after a publish,
unpublish, deletion, move or new view restriction counts afresh.

Results themselves are never cached: they are always read through
live().public(). Without a shared cache (Redis) each process has its own copy,
and a count may then lag a change made through another process by up to
SEARCH_CACHE_SECONDS (60; 0 turns these caches off); it is only a number, never
a title."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal import cache as portal_cache

GENERATION_KEY = "search:generation"
DEFAULT_TIMEOUT = 60


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def content_changed():
    new_generation()
    # Again after commit: a search that ran meanwhile may have cached what it read then.
    transaction.on_commit(new_generation)


def cached(name, parts, compute):
    timeout = getattr(settings, "SEARCH_CACHE_SECONDS", DEFAULT_TIMEOUT)
    if not timeout:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return portal_cache.cached(f"search:{name}:{current_generation()}:{digest}", compute, timeout)
