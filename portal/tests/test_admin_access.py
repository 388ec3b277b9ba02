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

#            area, path,                                         Blog   Course Event  Moder  Editor Finance
ADMIN_AREAS = [
    ("dashboard", "/admin/", [True, True, True, True, True, True]),
    # Bloggers, course authors and organisers get pages when their sections grant them.
    ("page explorer", "/admin/pages/", [False, False, False, True, True, False]),
    ("images", "/admin/images/", [True, True, True, True, True, False]),
    ("documents", "/admin/documents/", [True, True, True, True, True, False]),
    (
        "contributor profiles",
        "/admin/snippets/people/contributorprofile/",
        [False, False, False, False, True, False],
    ),
    ("site settings", "/admin/settings/portal/sitesettings/1/", [False, False, False, False, True, False]),
    ("memberships", "/admin/people/membership/", [False, False, False, False, False, True]),
    ("users", "/admin/users/", [False, False, False, False, False, False]),
    ("groups", "/admin/groups/", [False, False, False, False, False, False]),
]

CASES = [
    pytest.param(role, path, allowed[column], id=f"{role}-{area}")
    for area, path, allowed in ADMIN_AREAS
    for column, role in enumerate(ROLE_COLUMNS)
]


def reached(response):
    # Wagtail answers a forbidden area with a redirect to the dashboard (and a message) or 403.
    return response.status_code == 200


@pytest.mark.parametrize(("role", "path", "allowed"), CASES)
def test_role_reaches_only_its_admin_areas(client, home_page, make_user, role, path, allowed):
    client.force_login(make_user(role))
    response = client.get(path)
    assert reached(response) is allowed, f"{role} at {path}: {response.status_code}"


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
