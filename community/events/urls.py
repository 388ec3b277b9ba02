"""Calendar files. Wagtail serves only paths of slugs ending in "/", so a path with
".ics" in it can never be a page: these cannot shadow the EventIndexPage at /events/.
Everything else (occurrences, RSVPs, joining) is a route of the pages themselves."""

from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    path("calendar/<int:page_id>.ics", views.page_calendar, name="calendar"),
    re_path(
        r"^calendar/(?P<event_id>\d+)/(?P<key>\d{8}T\d{6}Z)\.ics$",
        views.occurrence_calendar,
        name="occurrence_calendar",
    ),
    re_path(
        r"^calendar/mine/(?P<feed_token>\d+:[\w-]+)\.ics$", views.attendee_calendar, name="attendee_calendar"
    ),
]
