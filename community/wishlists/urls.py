from django.urls import path

from . import views

app_name = "wishlists"

urlpatterns = [
    path("", views.wish_lists_home, name="index"),
    path("submit/", views.submit_wish_list, name="submit"),
    path("submit/received/", views.submission_received, name="received"),
    path("mine/", views.my_wish_lists, name="my_wish_lists"),
    path("mine/<int:page_id>/", views.manage_wish_list, name="manage"),
    path("mine/<int:page_id>/close/", views.close_wish_list, name="close"),
    path("items/<int:item_id>/offer/", views.make_offer, name="make_offer"),
    path("offers/", views.my_offers, name="my_offers"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/accept/", views.accept_offer, name="accept_offer"),
    path("offers/<int:offer_id>/withdraw/", views.withdraw_offer, name="withdraw_offer"),
    path("offers/<int:offer_id>/hide/", views.hide_offer, name="hide_offer"),
    path("services/", views.service_directory, name="services"),
    path("services/mine/", views.my_services, name="my_services"),
    path("services/new/", views.edit_service, name="add_service"),
    path("services/<int:service_id>/edit/", views.edit_service, name="edit_service"),
    path("services/<int:service_id>/delete/", views.delete_service, name="delete_service"),
]
