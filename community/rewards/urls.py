from django.urls import path, re_path

from . import views

app_name = "rewards"

urlpatterns = [
    path("", views.period_list, name="periods"),
    path("how-it-works/", views.how_it_works, name="how_it_works"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("statements/<int:pk>/flag/", views.flag_statement, name="flag_statement"),
    re_path(r"^(?P<month>\d{4}-\d{2})/$", views.period_detail, name="period"),
]
