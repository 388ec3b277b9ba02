from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from portal.moderation import set_up_new_section_indexes

        from .models import CourseIndexPage, CourseReview
        from .signals import COURSE_INDEX, review_changed

        set_up_new_section_indexes(COURSE_INDEX, CourseIndexPage)
        post_save.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_saved")
        post_delete.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_deleted")
