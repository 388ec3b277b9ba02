from django.urls import path

from . import admin_views

urlpatterns = [
    path("fee/", admin_views.record_fee, name="record_fee"),
    path("donation/", admin_views.record_donation, name="record_donation"),
    path("reserves/", admin_views.allocate_reserves, name="allocate_reserves"),
    path("import/", admin_views.import_payments, name="import_payments"),
    path("entries/<int:pk>/reverse/", admin_views.reverse_entry, name="reverse_entry"),
    path("clawback/", admin_views.record_clawback, name="record_clawback"),
    path("policy/", admin_views.change_policy, name="change_policy"),
    path("periods/open/", admin_views.open_period, name="open_period"),
    path("periods/<int:pk>/calculate/", admin_views.calculate, name="calculate"),
    path("periods/<int:pk>/close/", admin_views.close, name="close"),
    path("statements/<int:pk>/answer/", admin_views.answer_flag, name="answer_flag"),
    path("periods/<int:pk>/review/", admin_views.review, name="review"),
    path("periods/<int:pk>/exclude/", admin_views.exclude, name="exclude"),
    path("periods/<int:pk>/payouts.csv", admin_views.payouts_csv, name="payouts_csv"),
]
