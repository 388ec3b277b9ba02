"""Anonymous visitors get members-only course pages from the page cache; the price in
their membership offer must follow the plans: a plan changed, added, withdrawn or
deleted purges the pages that show it (and only those)."""

import pytest

from community.payments.factories import MembershipPlanFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from courses.models import CoursePage

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"}


@pytest.fixture
def courses(home_page):
    index = CourseIndexPageFactory(parent=home_page, slug="courses")
    members = CoursePageFactory(parent=index, slug="audits", access=CoursePage.Access.MEMBERS)
    open_course = CoursePageFactory(parent=index, slug="basics")
    LessonPageFactory(parent=members, slug="why-audit")
    return members, open_course


def cached(client, path):
    client.get(path, **BROWSER)
    response = client.get(path, **BROWSER)
    assert response["X-Page-Cache"] == "hit", path
    return response.content.decode()


def test_a_plan_price_change_reaches_cached_members_only_course_pages(client, courses):
    plan = MembershipPlanFactory(name="Individual", price=6_000, interval="year")
    assert "60.00 USD" in cached(client, "/courses/audits/")
    cached(client, "/courses/basics/")

    plan.price = 7_500
    plan.save()

    response = client.get("/courses/audits/", **BROWSER)
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert "75.00 USD" in page and "60.00 USD" not in page
    # A course that shows no price stays cached.
    assert client.get("/courses/basics/", **BROWSER)["X-Page-Cache"] == "hit"


def test_a_cheaper_plan_added_or_withdrawn_purges_the_offer(client, courses):
    MembershipPlanFactory(name="Individual", price=6_000, interval="year")
    cached(client, "/courses/audits/")
    student = MembershipPlanFactory(name="Student", price=3_000, interval="year")
    assert "30.00 USD" in client.get("/courses/audits/", **BROWSER).content.decode()

    cached(client, "/courses/audits/")
    student.is_offered = False
    student.save()
    assert "60.00 USD" in client.get("/courses/audits/", **BROWSER).content.decode()

    cached(client, "/courses/audits/")
    student.delete()
    assert client.get("/courses/audits/", **BROWSER)["X-Page-Cache"] == "miss"
