"""Editors pin results (Wagtail's search promotions) and see popular searches."""

import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits


@pytest.fixture
def popular(db):
    today = timezone.localdate()
    for text, hits in (("practice", 9), ("taxonomy", 4)):
        QueryDailyHits.objects.create(query=Query.get(text), date=today, hits=hits)
    old = Query.get("forgotten")
    QueryDailyHits.objects.create(query=old, date=today - datetime.timedelta(days=90), hits=50)


def test_editors_see_popular_searches(client, make_user, popular):
    client.force_login(make_user("Editors"))
    response = client.get("/admin/popular-searches/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("practice") < html.index("taxonomy")
    # Each term links to pinning results for it.
    practice = Query.objects.get(query_string="practice")
    assert f'href="/admin/searchpicks/{practice.pk}/"' in html
    assert client.get(f"/admin/searchpicks/{practice.pk}/").status_code == 200
    recent = client.get(
        "/admin/popular-searches/", {"hit_date_from": str(timezone.localdate())}
    ).content.decode()
    assert "practice" in recent and "forgotten" not in recent


def test_the_report_is_in_the_editors_reports_menu(client, make_user):
    client.force_login(make_user("Editors"))
    assert "/admin/popular-searches/" in client.get("/admin/").content.decode()


def test_editors_can_pin_results(client, make_user, make_page):
    page = make_page("Facilitator handbook", "text")
    client.force_login(make_user("Editors"))
    assert client.get("/admin/searchpicks/").status_code == 200
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "Practice",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(page.pk),
            "editors_picks-0-description": "Start here.",
            "editors_picks-0-ORDER": "1",
        },
    )
    assert response.status_code == 302
    assert "Facilitator handbook" in client.get("/search/", {"q": "practice"}).content.decode()


@pytest.mark.parametrize("role", ["Moderators", "Bloggers", "Finance"])
def test_other_roles_see_neither(client, make_user, popular, role):
    client.force_login(make_user(role))
    response = client.get("/admin/popular-searches/")
    assert response.status_code in (302, 403)
    assert "practice" not in response.content.decode()
    assert "/admin/popular-searches/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/searchpicks/").status_code in (302, 403)
