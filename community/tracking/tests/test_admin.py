from datetime import timedelta

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.tracking.factories import PageViewDailyFactory, ReferralFactory
from community.tracking.visitors import today

pytestmark = pytest.mark.django_db

URL = "/admin/reach/"


@pytest.fixture
def site_with_readers(home_page, make_user):
    blog = BlogIndexPageFactory(parent=home_page)
    amara = ContributorProfileFactory(user=make_user(roles.BLOGGERS), display_name="Amara")
    li = ContributorProfileFactory(user=make_user(roles.BLOGGERS), display_name="Li")
    mine = BlogPostPageFactory(parent=blog, title="Amara's solo post", authors=[amara])
    shared = BlogPostPageFactory(parent=blog, title="Written together", authors=[amara, li])
    theirs = BlogPostPageFactory(parent=blog, title="Li's own post", authors=[li])
    for offset in range(90):
        day = today() - timedelta(days=offset)
        PageViewDailyFactory(page=mine, day=day, visitors=3, views=4)
        PageViewDailyFactory(page=shared, day=day, visitors=2, views=2)
        PageViewDailyFactory(page=theirs, day=day, visitors=7, views=9)
    PageViewDailyFactory(page=mine, day=today() - timedelta(days=90), visitors=1000)  # too old
    ReferralFactory(contributor=amara, kind="membership", object_id=1)
    ReferralFactory(contributor=li, kind="enrolment", object_id=2)
    return {"amara": amara, "li": li}


def test_contributor_sees_their_own_posts_readers_as_a_chart(
    client, site_with_readers, django_assert_max_num_queries
):
    amara = site_with_readers["amara"]
    client.force_login(amara.user)
    with django_assert_max_num_queries(40):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and html.count("<rect") == 90
    assert "450 readers in all" in html  # (3 + 2) a day for 90 days
    assert "Amara&#x27;s solo post" in html and "Written together" in html
    assert "Li&#x27;s own post" not in html
    assert f"?ref={amara.referral_code}" in html
    assert response.context["reader_share"] == 90 * 3 + 90  # co-author's half of 180
    assert response.context["referral_counts"] == {"membership": 1}


def test_contributor_cannot_open_another_contributors_reach(client, site_with_readers):
    client.force_login(site_with_readers["amara"].user)
    assert client.get(f"{URL}?contributor={site_with_readers['li'].pk}").status_code == 404
    assert client.get(f"{URL}?contributor=not-a-number").status_code == 404
    own = client.get(f"{URL}?contributor={site_with_readers['amara'].pk}")
    assert own.status_code == 200


def test_editor_sees_the_whole_site_and_any_contributor(client, site_with_readers, make_user):
    client.force_login(make_user(roles.EDITORS))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Site reach" in html
    assert "1080 readers in all" in html  # 12 a day for 90 days
    names = [row["profile"].display_name for row in response.context["contributors"]]
    assert names == ["Li", "Amara"]  # 630 + 90 shared ahead of 270 + 90
    li = client.get(f"{URL}?contributor={site_with_readers['li'].pk}")
    assert li.status_code == 200 and "Reach of Li" in li.content.decode()
    assert client.get(f"{URL}?contributor=999999").status_code == 404


def test_users_without_a_profile_or_permission_are_refused(client, make_user, home_page):
    client.force_login(make_user(roles.FINANCE))
    assert client.get(URL).status_code in (302, 403)


def test_menu_item_shown_to_contributors(client, site_with_readers):
    client.force_login(site_with_readers["amara"].user)
    assert URL in client.get("/admin/").content.decode()


def test_editors_and_finance_browse_referrals_read_only(client, site_with_readers, make_user):
    for role in (roles.EDITORS, roles.FINANCE):
        client.force_login(make_user(role))
        response = client.get("/admin/tracking/referral/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Amara" in html and "Li" in html
        assert "/admin/tracking/referral/create/" not in html
        assert client.get("/admin/tracking/referral/create/").status_code in (302, 403)


def test_bloggers_cannot_browse_referrals(client, site_with_readers):
    client.force_login(site_with_readers["amara"].user)
    assert client.get("/admin/tracking/referral/").status_code in (302, 403)
