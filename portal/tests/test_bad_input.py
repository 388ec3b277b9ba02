"""Text no database can store (a NUL character) is refused the way a person can read:
a 404 in the address (it names nothing), a 400 in the query string or a form."""

import pytest

from community.people.factories import ContributorProfileFactory
from community.wishlists.factories import WishListIndexPageFactory
from courses.factories import CourseIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(home_page):
    CourseIndexPageFactory(parent=home_page, slug="courses")
    WishListIndexPageFactory(parent=home_page, slug="wish-lists")
    return home_page


@pytest.mark.parametrize(
    "url",
    [
        "/people/?topic=%00",
        "/people/?topic=km%00x&page=2",
        "/wishes/services/?topic=%00",
        "/wish-lists/?topic=a%00",
        "/courses/?topic=%00",
        "/courses/?level=%00",
        "/search/?q=%00",
        "/people/?%00=1",
    ],
)
def test_nul_in_a_request_is_a_readable_400(client, listings, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "cannot contain a null character" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/courses/-/verify/%00/", "/no-such-page%00/", "/blog/topic/a%00b/"])
def test_nul_in_the_address_names_nothing(client, listings, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_nul_in_a_posted_form_changes_nothing(client, listings):
    profile = ContributorProfileFactory(display_name="Ann")
    client.force_login(profile.user)
    response = client.post("/account/profile/", {"display_name": "Bob\x00", "headline": "x"})
    assert response.status_code == 400
    assert "cannot contain a null character" in response.content.decode()
    profile.refresh_from_db()
    assert profile.display_name == "Ann"


def test_the_same_requests_without_nul_still_answer(client, listings):
    for url in (
        "/people/?topic=km",
        "/wishes/services/?topic=x",
        "/wish-lists/?topic=x",
        "/courses/?topic=x",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "path",
    [
        "/admin/events/attendance/99999999999999999999/",
        "/admin/course-reports/99999999999999999999/learners.csv",
        "/admin/courses/enrolment/delete/abc/",
        "/admin/rewards/ledgerentry/inspect/9999-12-31/",
        "/admin/images/chooser/chosen/abc/",
        "/admin/documents/chooser/chosen/abc/",
        "/admin/snippets/choose/people/contributorprofile/chosen/abc/",
        "/wishes/offers/99999999999999999999/",
    ],
)
def test_an_id_that_can_name_nothing_is_404(client, home_page, make_user, path):
    client.force_login(make_user(is_superuser=True))
    assert client.get(path).status_code == 404


def test_an_admin_form_posted_incomplete_is_a_readable_400(client, listings, admin_user):
    """Wagtail's page form reads a StreamField's "-count" field unchecked."""
    from wagtail.models import Page

    client.force_login(admin_user)
    before = Page.objects.count()
    response = client.post(f"/admin/pages/add/home/standardpage/{listings.pk}/", {"title": "X"})
    assert response.status_code == 400
    assert "arrived incomplete" in response.content.decode()
    assert Page.objects.count() == before
    assert client.get("/admin/failwhale/").status_code == 404


def test_a_request_of_the_wrong_method_is_told_which_ones_work(client, listings):
    response = client.get("/views/read/")
    assert response.status_code == 405
    assert "does not answer a GET request" in response.content.decode()
    assert "POST" in response.content.decode()
