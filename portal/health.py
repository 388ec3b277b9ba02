"""Health endpoints for load balancers and operators.

/healthz: the process answers (no database, no cache).
/readyz: the database, the cache and the task queue are reachable. 503 when the
database is not (nothing works without it); 200 with status "degraded" when only
the cache or the task queue is not, because the site keeps serving without them
(portal.breaker, portal.mail). Each check's result is shown to staff and to
requests carrying READYZ_TOKEN as a bearer token; the public sees the status alone."""

import hmac
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import task_backends


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache():
    backend = caches["default"]
    if hasattr(backend, "breaker"):
        # Ask Redis itself: the backend would quietly answer from its local stand-in.
        client = backend._cache.get_client(write=True)
        client.ping()
        return {"backend": "redis", "shared": backend.is_shared}
    key = "portal:readyz"
    backend.set(key, "1", 10)
    if backend.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    return {"backend": type(backend).__name__}


def check_task_queue():
    backend = task_backends["default"]
    result = {"backend": type(backend).__name__}
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        result["ready"] = ready.count()
        # A queue that only grows older means no worker is running.
        result["oldest_ready_seconds"] = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return result


CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}
REQUIRED = {"database"}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
            results[name] = {"ok": True, **detail}
        except Exception as exc:
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return results


def is_operator(request):
    token = getattr(settings, "READYZ_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:  # the session lives in the database, which may be the thing that is down
        return request.user.is_authenticated and request.user.is_staff
    except Exception:
        return False


@never_cache
def readyz(request):
    results = run_checks()
    if any(not results[name]["ok"] for name in REQUIRED):
        status, code = "unavailable", 503
    elif all(result["ok"] for result in results.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    body = {"status": status}
    if is_operator(request):
        body["checks"] = results
    return JsonResponse(body, status=code)
