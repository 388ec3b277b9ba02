"""The site's URLs plus /bench/bare/, a bare Django view returning 20 KB: the ceiling."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

BODY = (b"<!DOCTYPE html><title>bare</title>" + b"x" * 20_480)[:20_480]


def bare(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
