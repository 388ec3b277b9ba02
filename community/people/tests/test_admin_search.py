import pytest

from community.people.factories import ContributorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Amara", "okaf", "99999999999999999999", "' OR 1=1--"])
def test_staff_search_the_contributors_in_the_admin(client, make_user, query):
    ContributorProfileFactory(display_name="Amara Okafor")
    ContributorProfileFactory(display_name="Tom Becker")
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/people/contributorprofile/", {"q": query})
    assert response.status_code == 200
    names = [str(profile) for profile in response.context["object_list"]]
    assert names == (["Amara Okafor"] if query in ("Amara", "okaf") else [])
