from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("donate/", views.donate, name="donate"),
    path("supporters/", views.supporter_list, name="supporters"),
    path("payments/webhook/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("payments/<str:payment_token>/", views.payment_detail, name="payment"),
    path("payments/<str:payment_token>/receipt.pdf", views.receipt, name="receipt"),
    path("account/membership/", views.my_membership, name="my_membership"),
    path(
        "account/membership/recurring/<int:subscription_id>/cancel/",
        views.cancel_recurring,
        name="cancel_recurring",
    ),
    path("account/membership/plan/", views.change_plan, name="change_plan"),
]
