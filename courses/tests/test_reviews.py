"""Ratings and reviews: only by learners who completed the course, shown once published."""

import pytest
from django.utils import timezone

from community.people import roles
from courses.models import CourseReview, Enrolment
from courses.progress import attach_listing_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(course_tree, make_user, client):
    user = make_user(first_name="Kofi", last_name="Mensah")
    Enrolment.objects.create(
        user=user, course=course_tree.course, completed_at=timezone.now(), certificate_code="A" * 12
    )
    client.force_login(user)
    return user


def review_url(course):
    return f"/courses/-/review/{course.pk}/"


def test_a_graduate_reviews_and_it_waits_for_moderation(client, course_tree, graduate):
    course = course_tree.course
    content = client.get(course.url).content.decode()
    assert "Rate this course" in content
    response = client.post(review_url(course), {"rating": "4", "text": "Practical and clear."}, follow=True)
    assert "Your review will appear once a moderator has read it" in response.content.decode()
    review = CourseReview.objects.get(user=graduate, course=course)
    assert (review.rating, review.status) == (4, CourseReview.Status.PENDING)
    anonymous = client.__class__().get(course.url).content.decode()
    assert "Practical and clear." not in anonymous and "No reviews yet" in anonymous

    review.status = CourseReview.Status.PUBLISHED
    review.save()
    anonymous = client.__class__().get(course.url).content.decode()
    assert "Practical and clear." in anonymous and "★ 4.0 out of 5 from 1 learner" in anonymous


def test_rewriting_a_review_sends_it_back_to_moderation(client, course_tree, graduate):
    course = course_tree.course
    CourseReview.objects.create(user=graduate, course=course, rating=2, status=CourseReview.Status.PUBLISHED)
    client.post(review_url(course), {"rating": "5", "text": "Better on a second look."})
    review = CourseReview.objects.get(user=graduate, course=course)
    assert (review.rating, review.status) == (5, CourseReview.Status.PENDING)
    assert CourseReview.objects.count() == 1


@pytest.mark.parametrize("rating", ["0", "6", "x", ""])
def test_a_bad_rating_is_refused_and_changes_nothing(client, course_tree, graduate, rating):
    response = client.post(review_url(course_tree.course), {"rating": rating, "text": "Hm"}, follow=True)
    assert "Your review was not saved" in response.content.decode()
    assert not CourseReview.objects.exists()


def test_learners_who_did_not_complete_cannot_review(client, course_tree, make_user):
    learner = make_user()
    Enrolment.objects.create(user=learner, course=course_tree.course)
    client.force_login(learner)
    assert "Rate this course" not in client.get(course_tree.course.url).content.decode()
    response = client.post(review_url(course_tree.course), {"rating": "5"}, follow=True)
    assert "Only learners who completed the course can review it." in response.content.decode()
    client.logout()
    assert client.post(review_url(course_tree.course), {"rating": "5"}).status_code == 302
    assert not CourseReview.objects.exists()


def test_a_moderator_hides_a_review_with_a_reason_the_learner_reads(client, course_tree, graduate, make_user):
    review = CourseReview.objects.create(user=graduate, course=course_tree.course, rating=1, text="Spam link")
    moderator = make_user(roles.MODERATORS)
    client.force_login(moderator)
    queue = client.get("/admin/courses/coursereview/")
    assert queue.status_code == 200 and "Spam link" in queue.content.decode()
    edit_url = f"/admin/courses/coursereview/edit/{review.pk}/"
    response = client.post(edit_url, {"status": "hidden", "moderation_reason": ""})
    assert response.status_code == 200  # the form again: a reason is required
    review.refresh_from_db()
    assert review.status == CourseReview.Status.PENDING
    client.post(edit_url, {"status": "hidden", "moderation_reason": "Advertising"})
    review.refresh_from_db()
    assert (review.status, review.moderation_reason, review.moderated_by) == (
        "hidden",
        "Advertising",
        moderator,
    )
    client.force_login(graduate)
    content = client.get(course_tree.course.url).content.decode()
    assert "The moderator’s reason: Advertising" in content
    assert client.get("/admin/courses/coursereview/create/").status_code in (302, 403)


def test_learners_and_authors_cannot_moderate(client, course_tree, graduate, make_user):
    review = CourseReview.objects.create(user=graduate, course=course_tree.course, rating=5)
    for user in (graduate, make_user(roles.COURSE_AUTHORS)):
        client.force_login(user)
        client.post(f"/admin/courses/coursereview/edit/{review.pk}/", {"status": "published"})
        review.refresh_from_db()
        assert review.status == CourseReview.Status.PENDING


def test_the_card_shows_enrolments_and_the_published_average(client, course_tree, graduate, make_user):
    course = course_tree.course
    CourseReview.objects.create(user=graduate, course=course, rating=5, status="published")
    for rating, status in ((4, "published"), (1, "hidden"), (1, "pending")):
        learner = make_user()
        Enrolment.objects.create(user=learner, course=course, completed_at=timezone.now())
        CourseReview.objects.create(
            user=learner, course=course, rating=rating, status=status, moderation_reason="x"
        )
    [listed] = attach_listing_details([course], graduate)
    assert (listed.enrolment_count, listed.rating_average, listed.rating_count) == (4, 4.5, 2)
    content = client.get(course_tree.index.url).content.decode()
    assert "4 learners enrolled" in content and "★ 4.5 (2)" in content
