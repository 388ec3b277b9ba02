from django.urls import path

from . import views

app_name = "conversation"

urlpatterns = [
    path("pages/<int:page_id>/comments/", views.post_comment, name="post_comment"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag_comment"),
]
