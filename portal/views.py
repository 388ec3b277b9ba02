import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .breaker import breaker_for

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
    return HttpResponseServerError(loader.get_template("500.html").render())


def database_unavailable(exception):
    """503 with Retry-After: the database is down or refusing connections. Logged once
    a minute (portal.breaker) instead of a traceback per request."""
    breaker_for("The database").record_failure(exception)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # django.request would log the traceback again
    return response
