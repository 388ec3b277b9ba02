"""Learner actions and pages that are not in the page tree.

They live under /courses/-/ because Wagtail serves the course catalogue (slug
"courses") at /courses/<course>/<lesson>/ and Django's URLs are tried first; a
course may not take the slug "-" (CoursePage.clean), so the two never collide."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("-/enrol/<int:course_id>/", views.enrol_view, name="enrol"),
    path("-/leave/<int:course_id>/", views.leave_view, name="leave"),
    path("-/complete/<int:lesson_id>/", views.complete_lesson_view, name="complete_lesson"),
    path("-/quiz/<int:lesson_id>/", views.submit_quiz_view, name="submit_quiz"),
    path("-/review/<int:course_id>/", views.review_view, name="review"),
    path("-/my-learning/", views.my_learning, name="my_learning"),
    path("-/certificates/<int:course_id>/", views.certificate, name="certificate"),
    path("-/certificates/<int:course_id>/pdf/", views.certificate_pdf_view, name="certificate_pdf"),
    path("-/verify/", views.verify_lookup, name="verify_lookup"),
    path("-/verify/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
