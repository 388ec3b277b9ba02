from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.contributor_directory, name="directory"),
    path("<slug:slug>/", views.contributor_profile, name="profile"),
]
