"""Which role reaches which part of the Wagtail admin: one row per admin area,
one column per role. A cell is True when the role may open the area."""

import pytest

from community.people import roles

ROLE_COLUMNS = [
    roles.BLOGGERS,
    roles.COURSE_AUTHORS,
    roles.EVENT_ORGANISERS,
    roles.MODERATORS,
    roles.EDITORS,
    roles.FINANCE,
]

B, C, E, M, D, F = True, True, True, True, True, True  # noqa: E741 (column initials, for reading the table)
_ = False

# The section index pages exist (see the fixture), so each role's page grants apply.
#            area, path                                               Blog Course Event Moder Editor Finance
ADMIN_AREAS = [
    ("dashboard", "/admin/", [B, C, E, M, D, F]),
    ("page explorer", "/admin/pages/", [B, C, E, M, D, _]),
    ("images", "/admin/images/", [B, C, E, M, D, _]),
    ("documents", "/admin/documents/", [B, C, E, M, D, _]),
    ("contributor profiles", "/admin/snippets/people/contributorprofile/", [_, _, _, _, D, _]),
    ("site settings", "/admin/settings/portal/sitesettings/1/", [_, _, _, _, D, _]),
    ("memberships", "/admin/people/membership/", [_, _, _, _, _, F]),
    ("payments", "/admin/payments/payment/", [_, _, _, _, _, F]),
    ("refunds", "/admin/payments/refund/", [_, _, _, _, _, F]),
    ("users", "/admin/users/", [_, _, _, _, _, _]),
    ("groups", "/admin/groups/", [_, _, _, _, _, _]),
    ("enrolments", "/admin/courses/enrolment/", [_, _, _, _, D, F]),
    ("lesson progress", "/admin/courses/lessonprogress/", [_, _, _, _, D, F]),
    # The attendance list opens for everyone but lists only the events a person may see.
    ("event attendance", "/admin/events/attendance/", [B, C, E, M, D, F]),
    ("RSVPs", "/admin/events/rsvp/", [_, _, E, M, D, _]),
    ("community members", "/admin/events/communitymember/", [_, _, _, M, D, _]),
    ("site-wide reach", "/admin/reach/", [_, _, _, _, D, _]),
    ("referrals", "/admin/tracking/referral/", [_, _, _, _, D, F]),
    ("ledger", "/admin/rewards/ledgerentry/", [_, _, _, _, _, F]),
    ("reward periods", "/admin/rewards/rewardperiod/", [_, _, _, _, _, F]),
    ("reward policy", "/admin/rewards/rewardpolicy/", [_, _, _, _, _, F]),
    ("statements", "/admin/rewards/statement/", [_, _, _, _, _, F]),
    ("wish-list offers", "/admin/wishlists/offer/", [_, _, _, M, D, _]),
    ("services", "/admin/wishlists/service/", [_, _, _, M, D, _]),
    ("popular searches", "/admin/popular-searches/", [_, _, _, _, D, _]),
    ("promoted search results", "/admin/searchpicks/", [_, _, _, _, D, _]),
]

CASES = [
    pytest.param(role, path, allowed[column], id=f"{role}-{area}")
    for area, path, allowed in ADMIN_AREAS
    for column, role in enumerate(ROLE_COLUMNS)
]


@pytest.fixture
def sections(home_page):
    from blog.models import BlogIndexPage
    from community.events.models import EventIndexPage
    from community.wishlists.models import WishListIndexPage
    from courses.models import CourseIndexPage

    for model, slug in [
        (BlogIndexPage, "blog"),
        (CourseIndexPage, "learn"),
        (EventIndexPage, "events"),
        (WishListIndexPage, "wish-lists"),
    ]:
        home_page.add_child(instance=model(title=slug.title(), slug=slug))
    return home_page


def reached(response, path):
    # Wagtail answers a forbidden area with a redirect to the dashboard (and a message),
    # and sends a user whose pages sit in one section from the explorer root to that section.
    final_path = response.request["PATH_INFO"]
    return response.status_code == 200 and final_path.startswith(path.split("?")[0])


@pytest.mark.parametrize(("role", "path", "allowed"), CASES)
def test_role_reaches_only_its_admin_areas(client, sections, make_user, role, path, allowed):
    client.force_login(make_user(role))
    response = client.get(path, follow=True)
    assert reached(response, path) is allowed, f"{role} at {path}: {response.redirect_chain}"


@pytest.mark.parametrize("path", [path for _, path, _ in ADMIN_AREAS])
def test_members_without_a_role_are_kept_out(client, home_page, make_user, path):
    client.force_login(make_user())
    response = client.get(path)
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("path", [path for _, path, _ in ADMIN_AREAS])
def test_anonymous_visitors_are_sent_to_log_in(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response.url
