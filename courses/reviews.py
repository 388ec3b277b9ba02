"""Ratings and reviews by learners who completed a course; published by a moderator."""

from django import forms
from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CourseReview, Enrolment

REVIEWS_SHOWN = 10


class CourseReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Your rating"),
        coerce=int,
        choices=[(n, f"{n} ★") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CourseReview
        fields = ["rating", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        labels = {"text": gettext_lazy("Your review (optional)")}


def review_refusal(user, course):
    """Why this learner may not review the course, or ''."""
    if not Enrolment.objects.filter(user=user, course=course, completed_at__isnull=False).exists():
        return _("Only learners who completed the course can review it.")
    return ""


def save_review(user, course, data):
    """(review, errors): the learner's one review of the course, written or rewritten.
    A rewritten review waits for moderation again; invalid input changes nothing."""
    review = CourseReview.objects.filter(user=user, course=course).first() or CourseReview(
        user=user, course=course
    )
    form = CourseReviewForm(data, instance=review)
    if not form.is_valid():
        return None, form.errors
    review = form.save(commit=False)
    review.status = CourseReview.Status.PENDING
    review.moderation_reason = ""
    review.moderated_at = review.moderated_by = None
    review.save()
    return review, None


def rating_summaries(course_ids):
    """{course id: (average rating to one decimal, published reviews)}."""
    rows = (
        CourseReview.objects.filter(course_id__in=list(course_ids), status=CourseReview.Status.PUBLISHED)
        .values("course_id")
        .annotate(average=Avg("rating"), count=Count("pk"))
    )
    return {row["course_id"]: (round(row["average"], 1), row["count"]) for row in rows}


def enrolment_counts(course_ids):
    rows = (
        Enrolment.objects.filter(course_id__in=list(course_ids)).values("course_id").annotate(n=Count("pk"))
    )
    return {row["course_id"]: row["n"] for row in rows}


def course_reviews(course, user):
    """What the course page shows about reviews to this visitor."""
    average, count = rating_summaries([course.pk]).get(course.pk, (None, 0))
    mine = None
    may_review = False
    if user.is_authenticated:
        mine = CourseReview.objects.filter(user=user, course=course).first()
        may_review = not review_refusal(user, course)
    published = (
        CourseReview.objects.filter(course=course, status=CourseReview.Status.PUBLISHED)
        .select_related("user")
        .order_by("-created_at")[:REVIEWS_SHOWN]
    )
    return {
        "rating_average": average,
        "rating_count": count,
        "reviews": list(published),
        "my_review": mine,
        "review_form": CourseReviewForm(instance=mine) if may_review else None,
    }
