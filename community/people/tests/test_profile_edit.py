from community.people.factories import ContributorProfileFactory
from community.people.models import ContributorProfile


def test_contributor_edits_own_profile_and_payout_preference(client, home_page):
    profile = ContributorProfileFactory(display_name="Tom Becker")
    client.force_login(profile.user)
    response = client.post(
        "/account/profile/",
        {
            "display_name": "Tom B.",
            "headline": "KM trainer",
            "bio": "",
            "expertise": "km mindset, relationships",
            "payout_preference": "volunteer",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "Tom B."
    assert profile.payout_preference == ContributorProfile.PayoutPreference.VOLUNTEER
    assert sorted(t.name for t in profile.expertise.all()) == ["km mindset", "relationships"]


def test_bad_profile_input_changes_nothing(client, home_page):
    profile = ContributorProfileFactory(display_name="Tom Becker")
    client.force_login(profile.user)
    response = client.post(
        "/account/profile/",
        {
            "display_name": "",
            "payout_preference": "all-of-it",
            "website_url": "javascript:alert(1)",
            "expertise": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Select a valid choice." in html
    assert "Enter a valid URL." in html
    profile.refresh_from_db()
    assert profile.display_name == "Tom Becker"


def test_only_contributors_have_a_profile_to_edit(client, make_user):
    client.force_login(make_user())
    assert client.get("/account/profile/").status_code == 404
