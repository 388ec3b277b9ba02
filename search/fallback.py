"""Search keeps answering when the search cluster (OpenSearch, SEARCH_URLS) is down.

With a cluster configured, settings add a "fallback" backend: Wagtail's database
backend, indexed on every publish like the cluster. A search that cannot reach the
cluster runs again on the fallback; the circuit breaker then skips the cluster for
OUTAGE_RETRY_SECONDS, logs the outage at most once a minute, and the admin dashboard
says search is degraded (search/wagtail_hooks.py)."""

from contextvars import ContextVar

from django.conf import settings

from portal.breaker import breaker_for

FALLBACK = "fallback"
_current = ContextVar("search_backend", default="default")


def cluster_errors():
    """The clients' "could not reach the cluster" errors (timeouts, refused, TLS)."""
    errors = []
    try:
        from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

        errors.append(OpenSearchConnectionError)
    except ImportError:
        pass
    try:
        from elastic_transport import TransportError as ElasticTransportError

        errors.append(ElasticTransportError)
    except ImportError:
        pass
    return tuple(errors)


def breaker():
    return breaker_for("Search cluster")


def has_fallback():
    return FALLBACK in settings.WAGTAILSEARCH_BACKENDS


def degraded():
    """True while the last search could not reach the cluster."""
    return has_fallback() and breaker().failing


def backend_name():
    """The backend the search under way uses: "default", or the fallback during an outage."""
    return _current.get()


def run(search):
    """search() on the cluster; on the database fallback when the cluster cannot be reached."""
    if not has_fallback():
        return search()
    state = breaker()
    if not state.is_open():
        try:
            result = search()
        except cluster_errors() as exc:
            state.record_failure(exc)
        else:
            state.record_success()
            return result
    token = _current.set(FALLBACK)
    try:
        return search()
    finally:
        _current.reset(token)
