from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from .models import CourseIndexPage, CourseReview
        from .signals import course_index_created, review_changed

        post_save.connect(course_index_created, sender=CourseIndexPage, dispatch_uid="courses_grant_authors")
        post_save.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_saved")
        post_delete.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_deleted")
