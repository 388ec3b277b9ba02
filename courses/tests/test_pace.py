"""A lesson completes only after the time a reader needs for it (learning.seconds_needed)."""

from datetime import timedelta

import pytest

from courses.learning import LearningError, complete_lesson, seconds_needed
from courses.models import Enrolment, LessonOpening, LessonProgress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_pace(settings):
    settings.COURSES_LESSON_MIN_SECONDS = 60
    settings.COURSES_LESSON_TIME_SHARE = 0.5


def opened_ago(user, lesson, seconds):
    LessonOpening.objects.filter(user=user, lesson=lesson).update(
        opened_at=LessonOpening.objects.get(user=user, lesson=lesson).opened_at - timedelta(seconds=seconds)
    )


def test_the_time_needed_is_half_the_estimate_with_a_one_minute_floor(course_tree):
    lesson = course_tree.lessons[0]
    for minutes, seconds in ((27, 810), (2, 60), (1, 60)):
        lesson.estimated_minutes = minutes
        assert seconds_needed(lesson) == seconds


def test_five_clicks_do_not_finish_a_course(client, course_tree, learner):
    """The issue's attack: every lesson of a long course completed in seconds."""
    for lesson in course_tree.lessons:
        lesson.estimated_minutes = 27
        lesson.save()
        client.get(lesson.url)
        response = client.post(f"/courses/-/complete/{lesson.pk}/", follow=True)
        assert "Take a little longer with this lesson" in response.content.decode()
    assert not LessonProgress.objects.filter(user=learner).exists()
    assert Enrolment.objects.get(user=learner).completed_at is None


def test_a_lesson_never_opened_cannot_be_completed(course_tree, learner):
    with pytest.raises(LearningError, match="Open the lesson"):
        complete_lesson(learner, course_tree.lessons[1])


def test_after_the_time_needed_the_lesson_and_course_complete(client, course_tree, learner):
    for lesson in course_tree.lessons:
        client.get(lesson.url)
        opened_ago(learner, lesson, seconds_needed(lesson) - 5)
        with pytest.raises(LearningError):
            complete_lesson(learner, lesson)
        opened_ago(learner, lesson, 5)
        assert complete_lesson(learner, lesson).newly_completed_lesson
    assert Enrolment.objects.get(user=learner).completed_at is not None
    # Opening a lesson again keeps the first time; completing again is harmless.
    client.get(course_tree.lessons[0].url)
    assert LessonOpening.objects.filter(user=learner).count() == len(course_tree.lessons)
    assert not complete_lesson(learner, course_tree.lessons[0]).newly_completed_lesson


def test_a_video_lesson_takes_at_least_a_share_of_the_video_length(course_tree):
    lesson = course_tree.lessons[0]
    lesson.estimated_minutes = 10
    lesson.body = [
        ("video", {"video": "https://www.youtube.com/watch?v=mSGL5ZpYf4k", "title": "AAR", "minutes": 40}),
        ("video", {"video": "https://vimeo.com/76979871", "title": "Part 2", "minutes": 20}),
    ]
    assert seconds_needed(lesson) == 60 * 60 // 2  # an hour of video, not 10 minutes of reading
    lesson.body = [("video", {"video": "https://vimeo.com/76979871", "title": "Short", "minutes": 1})]
    assert seconds_needed(lesson) == 300  # the reading time is longer
    lesson.estimated_minutes = 1
    assert seconds_needed(lesson) == 60  # the floor
