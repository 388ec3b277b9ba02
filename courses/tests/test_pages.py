from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.people.models import Membership
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    EnrolmentFactory,
    LessonPageFactory,
)
from courses.models import CourseIndexPage, CoursePage, LessonPage
from home.factories import HomePageFactory
from home.models import HomePage, StandardPage


class CourseTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).update(slug="old-welcome")
        cls.home = HomePageFactory(parent=root)
        cls.index = CourseIndexPageFactory(parent=cls.home)
        cls.instructor = ContributorProfileFactory()
        cls.course = CoursePageFactory(parent=cls.index, instructors=[cls.instructor])

    def setUp(self):
        self.login()

    def test_catalogue_only_under_home_and_only_once(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanNotCreateAt(StandardPage, CourseIndexPage)
        self.assertFalse(CourseIndexPage.can_create_at(self.home))

    def test_courses_only_in_the_catalogue_and_lessons_only_in_courses(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertCanNotCreateAt(HomePage, LessonPage)

    def course_form(self, **changes):
        data = {
            "title": "Lessons learned",
            "slug": "lessons-learned",
            "summary": "Run after-action reviews.",
            "level": "intermediate",
            "estimated_hours": "4",
            "access": "members",
            "topics": "lessons learned, after-action reviews",
            "course_instructors": inline_formset([{"instructor": self.instructor.pk}]),
            "learning_outcomes": inline_formset([{"text": "Run an after-action review"}]),
            "description": streamfield([("paragraph", rich_text("<p>Many organisations forget.</p>"))]),
        }
        data.update(changes)
        return nested_form_data(data)

    def test_editor_creates_a_course_with_instructors_outcomes_and_topics(self):
        self.assertCanCreate(self.index, CoursePage, self.course_form())
        course = CoursePage.objects.get(slug="lessons-learned")
        assert course.is_members_only
        assert [link.instructor for link in course.course_instructors.all()] == [self.instructor]
        assert sorted(t.name for t in course.topics.all()) == ["after-action reviews", "lessons learned"]
        assert course.learning_outcomes.get().text == "Run an after-action review"

    def test_the_same_instructor_twice_is_refused(self):
        data = self.course_form(
            course_instructors=inline_formset(
                [{"instructor": self.instructor.pk}, {"instructor": self.instructor.pk}]
            )
        )
        response = self.client.post(f"/admin/pages/add/courses/coursepage/{self.index.pk}/", data)
        assert response.status_code == 200
        assert "already an instructor" in response.content.decode()
        assert not CoursePage.objects.filter(slug="lessons-learned").exists()

    def test_a_course_is_published_only_with_an_instructor(self):
        data = self.course_form(course_instructors=inline_formset([]))
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/courses/coursepage/{self.index.pk}/", data)
        assert response.status_code == 200
        assert not CoursePage.objects.filter(slug="lessons-learned").exists()

    def test_the_reserved_slug_is_refused(self):
        response = self.client.post(
            f"/admin/pages/add/courses/coursepage/{self.index.pk}/", self.course_form(slug="-")
        )
        assert response.status_code == 200
        assert "reserved" in response.content.decode()

    def test_editor_creates_a_lesson_with_a_video_and_exercise(self):
        self.assertCanCreate(
            self.course,
            LessonPage,
            nested_form_data(
                {
                    "title": "Running an AAR",
                    "slug": "running-an-aar",
                    "summary": "The four questions.",
                    "estimated_minutes": "30",
                    "body": streamfield(
                        [
                            ("paragraph", rich_text("<p>What was supposed to happen?</p>")),
                            (
                                "exercise",
                                {
                                    "title": "Mini AAR",
                                    "instructions": rich_text("<p>Try it.</p>"),
                                    "minutes": "10",
                                },
                            ),
                            (
                                "key_points",
                                {"title": "Key points", "points": streamfield([("item", "Be quick")])},
                            ),
                        ]
                    ),
                }
            ),
        )
        lesson = LessonPage.objects.get(slug="running-an-aar")
        assert [block.block_type for block in lesson.body] == ["paragraph", "exercise", "key_points"]


def test_lesson_body_is_never_indexed_for_search():
    indexed = {field.field_name for field in LessonPage.get_search_fields()}
    assert "body" not in indexed
    assert {"title", "summary"} <= indexed


def test_the_api_is_not_enabled_and_lessons_declare_no_api_fields(client, course_tree):
    assert "wagtail.api.v2" not in settings.INSTALLED_APPS
    assert "body" not in [str(field) for field in getattr(LessonPage, "api_fields", [])]
    assert client.get("/api/v2/pages/").status_code == 404


def test_search_finds_lessons_by_summary_but_never_by_body(course_tree):
    lesson = course_tree.lessons[1]
    lesson.summary = "Recruiting the stewards"
    lesson.body = [("paragraph", "<p>The zanzibarian secret handshake.</p>")]
    lesson.save_revision().publish()
    assert list(LessonPage.objects.live().search("zanzibarian")) == []
    assert [page.pk for page in LessonPage.objects.live().search("stewards")] == [lesson.pk]


@pytest.mark.django_db
class TestLessonAccess:
    def test_the_first_lesson_is_a_public_preview(self, client, course_tree):
        response = client.get(course_tree.lessons[0].url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "only enrolled learners read this" in response.content.decode()
        assert "Free preview" in response.content.decode()

    def test_other_lessons_show_the_course_and_an_explanation_never_the_body(self, client, course_tree):
        lesson = course_tree.lessons[1]
        response = client.get(lesson.url)
        html = response.content.decode()
        assert response.status_code == 403
        assert "only enrolled learners read this" not in html
        assert lesson.title in html and lesson.summary in html
        assert "Sign in and enrol" in html
        assert course_tree.course.title in html

    def test_a_signed_in_learner_who_is_not_enrolled_is_invited_to_enrol(
        self, client, course_tree, make_user
    ):
        client.force_login(make_user())
        response = client.get(course_tree.lessons[2].url)
        html = response.content.decode()
        assert response.status_code == 403
        assert "Enrol in the course to read this lesson" in html
        assert f'action="/courses/-/enrol/{course_tree.course.pk}/"' in html
        assert "only enrolled learners read this" not in html

    def test_an_enrolled_learner_reads_every_lesson(self, client, course_tree, make_user):
        learner = make_user()
        EnrolmentFactory(user=learner, course=course_tree.course)
        client.force_login(learner)
        response = client.get(course_tree.lessons[2].url)
        assert response.status_code == 200
        assert "only enrolled learners read this" in response.content.decode()
        assert "Mark complete" in response.content.decode()

    def test_the_instructor_and_editors_read_lessons_without_enrolling(self, client, course_tree, make_user):
        instructor_user = course_tree.instructor.user
        client.force_login(instructor_user)
        assert client.get(course_tree.lessons[1].url).status_code == 200
        client.force_login(make_user(roles.EDITORS))
        assert client.get(course_tree.lessons[1].url).status_code == 200

    def test_a_lapsed_member_is_told_to_renew_for_a_members_only_course(self, client, course_tree, make_user):
        course = course_tree.course
        course.access = CoursePage.Access.MEMBERS
        course.save_revision().publish()
        learner = make_user()
        EnrolmentFactory(user=learner, course=course)
        Membership.objects.create(user=learner, paid_until=timezone.localdate() - timedelta(days=1))
        client.force_login(learner)
        response = client.get(course_tree.lessons[1].url)
        assert response.status_code == 403
        assert "membership has lapsed" in response.content.decode()
        Membership.objects.create(user=learner, paid_until=timezone.localdate() + timedelta(days=30))
        assert client.get(course_tree.lessons[1].url).status_code == 200

    def test_an_unpublished_first_lesson_passes_the_preview_to_the_next(self, client, course_tree):
        course_tree.lessons[0].unpublish()
        assert client.get(course_tree.lessons[1].url).status_code == 200
        assert client.get(course_tree.lessons[2].url).status_code == 403

    def test_wagtail_privacy_still_applies(self, client, course_tree):
        PageViewRestriction.objects.create(page=course_tree.course, restriction_type="login")
        response = client.get(course_tree.lessons[0].url)
        assert response.status_code == 302


@pytest.mark.django_db
class TestCataloguePages:
    def test_course_page_shows_lessons_outcomes_and_sign_in_to_enrol(self, client, course_tree):
        response = client.get(course_tree.course.url)
        html = response.content.decode()
        assert response.status_code == 200
        for lesson in course_tree.lessons:
            assert lesson.title in html
        assert "Sign in to enrol" in html
        assert f'login/?next={course_tree.course.url}"' in html
        assert "Amara Okafor" in html

    def test_course_page_renders_in_a_bounded_number_of_queries(self, client, course_tree, make_user):
        learner = make_user()
        EnrolmentFactory(user=learner, course=course_tree.course)
        client.force_login(learner)
        client.get(course_tree.course.url)
        with CaptureQueriesContext(connection) as few:
            client.get(course_tree.course.url)
        for n in range(6):
            LessonPageFactory(parent=course_tree.course, title=f"Extra {n}")
        client.get(course_tree.course.url)  # new pages renew the site token: warm the caches again
        with CaptureQueriesContext(connection) as many:
            assert client.get(course_tree.course.url).status_code == 200
        assert len(many) == len(few)

    def test_catalogue_filters_by_level_and_topic(self, client, course_tree):
        advanced = CoursePageFactory(parent=course_tree.index, title="Taxonomy design", level="advanced")
        advanced.topics.add("taxonomy")
        advanced.save_revision().publish()
        html = client.get(course_tree.index.url + "?level=advanced").content.decode()
        assert "Taxonomy design" in html and course_tree.course.title not in html
        html = client.get(course_tree.index.url + "?topic=taxonomy").content.decode()
        assert "Taxonomy design" in html and course_tree.course.title not in html

    def test_catalogue_explains_an_unknown_topic_and_ignores_a_bad_level(self, client, course_tree):
        response = client.get(course_tree.index.url + "?topic=nope&level=wizard&page=zzz")
        assert response.status_code == 200
        assert "There is no topic “nope”" in response.content.decode()

    def test_catalogue_lists_courses_in_a_bounded_number_of_queries(self, client, course_tree, make_user):
        learner = make_user()
        EnrolmentFactory(user=learner, course=course_tree.course)
        client.force_login(learner)
        client.get(course_tree.index.url)
        with CaptureQueriesContext(connection) as few:
            client.get(course_tree.index.url)
        for n in range(5):
            course = CoursePageFactory(parent=course_tree.index, title=f"More {n}")
            LessonPageFactory(parent=course)
            EnrolmentFactory(user=learner, course=course)
        client.get(course_tree.index.url)  # new pages renew the site token: warm the caches again
        with CaptureQueriesContext(connection) as many:
            assert client.get(course_tree.index.url).status_code == 200
        assert len(many) == len(few)

    def test_instructors_do_not_count_as_readers_of_their_course(self, course_tree):
        user_id = course_tree.instructor.user_id
        assert course_tree.course.get_author_user_ids() == {user_id}
        assert LessonPage.objects.get(pk=course_tree.lessons[1].pk).get_author_user_ids() == {user_id}
