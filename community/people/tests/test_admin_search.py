import pytest

from community.people.factories import ContributorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Bella", "99999999999999999999", "12"])
def test_staff_search_contributors_by_any_text(client, make_user, home_page, query):
    ContributorProfileFactory(display_name="Bella Blogger")
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/people/contributorprofile/", {"q": query})
    assert response.status_code == 200
    assert ("Bella Blogger" in response.content.decode()) == (query == "Bella")
