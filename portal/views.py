import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .breaker import breaker_for
from .emails import site_identity

DATABASE_RETRY_AFTER_SECONDS = 30


def bad_request(request, exception=None, message=""):
    """Django's handler for refused requests, and the page for those the site refuses itself."""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this inside its `except`, so the exception is still at hand.
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return database_unavailable(exception)
    # No context processors: the failure may be in one of them.
    html = loader.get_template("500.html").render({"site_name": site_name_if_readable()})
    return HttpResponseServerError(html)


def site_name_if_readable():
    """The site's name from its settings, or settings.WAGTAIL_SITE_NAME when they cannot be
    read: the error page must be shown whatever failed (the database, the cache)."""
    try:
        return site_identity()["site_name"]
    except Exception:  # noqa: BLE001 (any failure here is the one being reported)
        return settings.WAGTAIL_SITE_NAME


def database_unavailable(exception):
    """503 with Retry-After: the database is down or refusing connections. Logged once
    a minute (portal.breaker) instead of a traceback per request."""
    breaker_for("The database").record_failure(exception)
    # The site's settings are in the database, so the page names the site as the
    # settings file does (settings.WAGTAIL_SITE_NAME) rather than wait on it again.
    html = loader.get_template("503.html").render({"site_name": settings.WAGTAIL_SITE_NAME})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # django.request would log the traceback again
    return response
