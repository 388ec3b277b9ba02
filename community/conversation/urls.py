from django.urls import path

from . import views

app_name = "conversation"

urlpatterns = [
    path("pages/<int:page_id>/comments/", views.post_comment, name="post_comment"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag_comment"),
    path("follow/<str:kind>/<int:target_id>/", views.toggle_follow, name="toggle_follow"),
    path("following/", views.following_list, name="following"),
    path("digest/preferences/", views.my_preferences, name="my_preferences"),
    path("digest/preferences/<str:token>/", views.preferences, name="preferences"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm_subscription, name="confirm_subscription"),
    path("contact/<slug:slug>/", views.contact, name="contact"),
    path("recaps/<int:event_id>/<str:key>/", views.write_recap, name="write_recap"),
]
