"""The one URL of bench/pages.py's ceiling (a): /bench/bare/, 20 KB of HTML."""

from django.http import HttpResponse
from django.urls import path

BODY = (b"<!DOCTYPE html><title>bare</title>" + b"x" * 20_480)[:20_480]


def bare(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/bare/", bare)]
