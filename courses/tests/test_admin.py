import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from community.people import roles
from community.people.factories import ContributorProfileFactory
from courses.factories import CoursePageFactory, EnrolmentFactory, LessonProgressFactory
from courses.models import CoursePage, LessonPage
from courses.reports import weekly_activity
from portal.charts import nice_ceiling

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(course_tree):
    """The course's instructor, a Course author."""
    user = course_tree.instructor.user
    user.groups.add(Group.objects.get(name=roles.COURSE_AUTHORS))
    return user


@pytest.fixture
def activity(course_tree, make_user):
    """Two learners: one finished last week, one started this week."""
    now = timezone.now()
    finisher = make_user(first_name="=HYPERLINK(1)", last_name="Learner", email="finisher@example.com")
    starter = make_user(first_name="Sam", last_name="Starter", email="starter@example.com")
    EnrolmentFactory(
        user=finisher,
        course=course_tree.course,
        enrolled_at=now - timedelta(days=10),
        completed_at=now - timedelta(days=8),
        certificate_code="f" * 22,
    )
    for lesson in course_tree.lessons:
        LessonProgressFactory(user=finisher, lesson=lesson, completed_at=now - timedelta(days=8))
    EnrolmentFactory(user=starter, course=course_tree.course, enrolled_at=now)
    LessonProgressFactory(user=starter, lesson=course_tree.lessons[0], completed_at=now)
    return finisher, starter


def report_url(course):
    return f"/admin/course-reports/{course.pk}/"


def csv_url(course):
    return f"/admin/course-reports/{course.pk}/learners.csv"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("teacher", True),
        (roles.EDITORS, True),
        (roles.FINANCE, True),
        (roles.COURSE_AUTHORS, False),
        (roles.MODERATORS, False),
        (roles.BLOGGERS, False),
    ],
)
def test_the_report_and_csv_are_for_the_courses_instructors_editors_and_finance(
    client, course_tree, teacher, make_user, activity, who, allowed
):
    client.force_login(teacher if who == "teacher" else make_user(who))
    for url in (report_url(course_tree.course), csv_url(course_tree.course)):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), url


def test_people_without_admin_access_are_sent_to_log_in(client, course_tree, make_user):
    for user in (None, make_user()):
        if user:
            client.force_login(user)
        response = client.get(report_url(course_tree.course))
        assert response.status_code == 302


def test_a_report_for_something_that_is_not_a_course_is_404(client, course_tree, make_user):
    client.force_login(make_user(roles.EDITORS))
    assert client.get(f"/admin/course-reports/{course_tree.lessons[0].pk}/").status_code == 404
    assert client.get("/admin/course-reports/999999/learners.csv").status_code == 404


def test_the_report_shows_numbers_an_svg_chart_and_learners(client, course_tree, teacher, activity):
    client.force_login(teacher)
    response = client.get(report_url(course_tree.course) + "?weeks=4")
    html = response.content.decode()
    assert '<svg role="img"' in html
    assert "<polyline" in html and "New enrolments" in html and "Completions" in html
    assert "starter@example.com" in html and "finisher@example.com" in html
    assert "3 / 3 (100%)" in html and "1 / 3 (33%)" in html
    assert response.context["summary"] == {
        "enrolled": 2,
        "completed": 1,
        "in_progress": 1,
        "completion_rate": 50,
        "active_30_days": 2,
    }
    assert [count for _, count in response.context["funnel"]] == [2, 1, 1]


def test_a_bad_period_falls_back_to_twelve_weeks(client, course_tree, teacher):
    client.force_login(teacher)
    response = client.get(report_url(course_tree.course) + "?weeks=banana&page=-4")
    assert response.status_code == 200
    assert response.context["weeks"] == 12


def test_weekly_activity_counts_each_week_and_leaves_instructors_out(course_tree, teacher, activity):
    EnrolmentFactory(user=teacher, course=course_tree.course)
    LessonProgressFactory(user=teacher, lesson=course_tree.lessons[0])
    weeks = weekly_activity(course_tree.course, weeks=4)
    assert len(weeks.weeks) == 4
    assert sum(weeks.enrolments) == 2
    assert sum(weeks.completions) == 1
    assert weeks.active_learners[-1] == 1  # the starter this week; the teacher is not counted
    assert sum(weeks.active_learners) == 2


def test_the_csv_lists_every_learner_safely(client, course_tree, teacher, activity):
    client.force_login(teacher)
    response = client.get(csv_url(course_tree.course))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Name", "Email", "Enrolled"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["finisher@example.com"][0] == "'=HYPERLINK(1) Learner"
    assert by_email["finisher@example.com"][3:6] == ["3", "3", "100"]
    assert by_email["starter@example.com"][3:6] == ["1", "3", "33"]
    assert by_email["starter@example.com"][7] == ""


def test_the_report_index_lists_only_courses_the_user_may_see(client, course_tree, teacher, make_user):
    other = CoursePageFactory(parent=course_tree.index, title="Taxonomy basics")
    client.force_login(teacher)
    html = client.get("/admin/course-reports/").content.decode()
    assert course_tree.course.title in html and other.title not in html
    client.force_login(make_user(roles.FINANCE))
    html = client.get("/admin/course-reports/").content.decode()
    assert course_tree.course.title in html and other.title in html
    client.force_login(make_user(roles.MODERATORS))
    assert client.get("/admin/course-reports/").status_code == 403


def test_the_reports_menu_and_the_course_header_link_to_the_report(client, course_tree, teacher, make_user):
    client.force_login(teacher)
    assert "/admin/course-reports/" in client.get("/admin/").content.decode()
    assert (
        report_url(course_tree.course)
        in client.get(f"/admin/pages/{course_tree.course.pk}/").content.decode()
    )
    client.force_login(make_user(roles.MODERATORS))
    assert "/admin/course-reports/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(roles.EDITORS, True), (roles.FINANCE, True), (roles.COURSE_AUTHORS, False), (roles.MODERATORS, False)],
)
def test_enrolments_are_browsable_by_editors_and_finance(
    client, course_tree, make_user, activity, role, allowed
):
    client.force_login(make_user(role))
    response = client.get("/admin/courses/enrolment/")
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "finisher@example.com" in response.content.decode() or "Learner" in response.content.decode()


class TestCourseAuthors:
    def test_course_authors_may_add_courses_to_a_new_catalogue(self, client, course_tree, make_user):
        client.force_login(make_user(roles.COURSE_AUTHORS))
        url = f"/admin/pages/add/courses/coursepage/{course_tree.index.pk}/"
        assert client.get(url).status_code == 200
        assert client.get(f"/admin/pages/{course_tree.index.pk}/").status_code == 200

    def test_instructors_edit_their_course_and_add_lessons_to_it(self, client, course_tree, teacher):
        client.force_login(teacher)
        course = course_tree.course
        assert course.owner_id != teacher.pk
        assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
        assert client.get(f"/admin/pages/{course_tree.lessons[1].pk}/edit/").status_code == 200
        assert client.get(f"/admin/pages/add/courses/lessonpage/{course.pk}/").status_code == 200

    def test_other_course_authors_cannot_touch_a_course_they_do_not_teach(
        self, client, course_tree, make_user
    ):
        stranger = make_user(roles.COURSE_AUTHORS)
        client.force_login(stranger)
        course = course_tree.course
        assert client.get(f"/admin/pages/{course.pk}/edit/").status_code in (302, 403)
        assert client.get(f"/admin/pages/add/courses/lessonpage/{course.pk}/").status_code in (302, 403)
        assert not course.permissions_for_user(stranger).can_publish()

    def test_an_author_edits_a_course_they_created(self, course_tree, make_user):
        author = make_user(roles.COURSE_AUTHORS)
        ContributorProfileFactory(user=author)
        course = CoursePageFactory(parent=course_tree.index, owner=author)
        assert CoursePage.objects.get(pk=course.pk).permissions_for_user(author).can_edit()
        lesson_tester = LessonPage.objects.child_of(course_tree.course).first().permissions_for_user(author)
        assert not lesson_tester.can_edit()


def test_nice_ceiling_rounds_up_to_a_readable_scale():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 48, 51, 999)] == [1, 1, 5, 10, 20, 50, 100, 1000]
