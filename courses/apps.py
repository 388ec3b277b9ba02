from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from portal.moderation import set_up_new_section_indexes
        from portal.sections import section_changed

        from .credits import enrolment_saved, lesson_completed
        from .models import CourseIndexPage, CourseReview, Enrolment, LessonProgress
        from .signals import COURSE_INDEX, membership_offer_changed, review_changed

        set_up_new_section_indexes(COURSE_INDEX, CourseIndexPage)
        post_save.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_saved")
        post_delete.connect(review_changed, sender=CourseReview, dispatch_uid="courses_review_deleted")
        section_changed.connect(membership_offer_changed, dispatch_uid="courses_membership_offer_changed")
        post_save.connect(lesson_completed, sender=LessonProgress, dispatch_uid="courses_lesson_credit")
        post_save.connect(enrolment_saved, sender=Enrolment, dispatch_uid="courses_completion_credit")
