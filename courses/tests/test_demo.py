import pytest
from wagtail.embeds.models import Embed

from community.people.demo import seed_people
from courses.blocks import LessonStreamBlock
from courses.demo import seed_courses
from courses.demo_content import COURSES
from courses.models import CourseIndexPage, CoursePage, CourseReview, Enrolment, LessonPage, LessonProgress
from home.demo import seed_home

pytestmark = pytest.mark.django_db


def seed_twice(command):
    seed_home(command)
    seed_people(command)
    seed_courses(command)
    counts = (CoursePage.objects.count(), LessonPage.objects.count(), Enrolment.objects.count())
    seed_courses(command)
    return command, counts


def test_demo_courses_are_seeded_once_with_instructors_lessons_and_learners(settings, tmp_path, seed_command):
    settings.MEDIA_ROOT = tmp_path
    command, counts = seed_twice(seed_command)
    assert counts == (CoursePage.objects.count(), LessonPage.objects.count(), Enrolment.objects.count())
    index = CourseIndexPage.objects.get()
    assert index.slug == "courses"
    teachers = {
        course.title: [link.instructor.slug for link in course.course_instructors.all()]
        for course in CoursePage.objects.all()
    }
    assert teachers == {
        "Building a community of practice": ["amara-okafor"],
        "Lessons learned and after-action reviews": ["li-wei"],
        "Foundations of knowledge management": ["tom-becker"],
    }
    for course in CoursePage.objects.all():
        assert 4 <= course.get_lessons().count() <= 6
        assert course.owner == course.course_instructors.get().instructor.user
    assert Enrolment.objects.filter(completed_at__isnull=False).exclude(certificate_code=None).count() >= 3
    assert LessonProgress.objects.values("completed_at__date").distinct().count() > 5
    assert any("learner1@kmp.example" in note for note in command.notes)
    assert CourseReview.objects.filter(status="published").count() == 3
    for review in CourseReview.objects.all():
        assert Enrolment.objects.get(user=review.user, course=review.course).is_complete


def test_the_demo_has_a_quiz_and_an_offline_video_lesson(
    settings, tmp_path, seed_command, client, monkeypatch
):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the demo went to the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    settings.MEDIA_ROOT = tmp_path
    seed_twice(seed_command)
    lesson = LessonPage.objects.get(slug="tacit-and-explicit-knowledge")
    kinds = [child.block_type for child in lesson.body]
    assert "video" in kinds and "quiz" in kinds
    client.force_login(lesson.course.owner)
    content = client.get(lesson.url).content.decode()
    assert "youtube-nocookie.com/embed/mSGL5ZpYf4k" in content and "Answer key" in content


@pytest.mark.parametrize("spec", COURSES, ids=lambda spec: spec["slug"])
def test_demo_lesson_bodies_are_valid_lesson_streams(spec):
    block = LessonStreamBlock()
    for lesson in spec["lessons"]:
        value = block.to_python([{"type": name, "value": raw} for name, raw in lesson["body"]])
        block.clean(value)
        assert lesson["summary"] and 15 <= lesson["minutes"] <= 60


def test_every_lesson_block_is_complete_for_editors():
    for name, child in LessonStreamBlock().child_blocks.items():
        meta = child.meta
        assert meta.icon and meta.template and meta.description, name
        assert getattr(meta, "preview_value", None) is not None, name


def test_video_block_renders_the_embed_and_a_transcript(db):
    from wagtail.embeds.embeds import get_embed_hash

    url = "https://www.youtube.com/watch?v=abcdefghijk"
    Embed.objects.create(
        url=url,
        max_width=960,
        hash=get_embed_hash(url, 960),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk" title="AAR"></iframe>',
        provider_name="YouTube",
    )
    block = LessonStreamBlock()
    value = block.to_python(
        [{"type": "video", "value": {"video": url, "title": "An AAR", "transcript": "<p>We begin.</p>"}}]
    )
    html = block.render(value)
    assert "youtube-nocookie.com/embed/abcdefghijk" in html
    assert "<summary>Transcript" in html and "We begin." in html
