from django.urls import path

from . import views

app_name = "tracking"

urlpatterns = [path("read/", views.read_beacon, name="read")]
