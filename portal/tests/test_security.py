import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings

from community.people import roles


def test_public_pages_carry_an_enforced_policy_without_inline_code(client, home_page):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy


def test_the_plausible_script_is_allowed_by_its_address_not_a_nonce(client, home_page):
    """Public pages need no nonce, so that the page cache can keep them whole."""
    from wagtail.models import Site

    from portal.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.plausible_domain = "kmp.example"
    site_settings.save()
    response = client.get("/")
    html = response.content.decode()
    script = html.split('data-domain="kmp.example"')[1].split(">")[0]
    assert "nonce=" not in script
    policy = response.headers["Content-Security-Policy"]
    script_src = policy.split("script-src ")[1].split(";")[0].split()
    assert script_src == ["'self'", "https://plausible.io/js/script.js"]


def test_the_admin_policy_allows_what_the_wagtail_editor_needs(client, home_page, make_user):
    client.force_login(make_user(roles.EDITORS))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_admin_users_without_two_factor_are_sent_to_enrol(client, home_page, make_user):
    client.force_login(make_user(roles.BLOGGERS))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/totp/activate/")


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_admin_users_with_two_factor_reach_the_admin(client, home_page, make_user):
    from .test_second_factor import verified_session

    user = make_user(roles.BLOGGERS)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    # Enrolled, but this session signed in without a code: confirm one first.
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    verified_session(client, user)
    assert client.get("/admin/").status_code == 200


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_members_without_admin_access_are_not_asked_for_two_factor(client, home_page, make_user):
    client.force_login(make_user())
    assert client.get("/").status_code == 200
    # Not an admin user: the admin sends them to log in as someone else, not to 2FA.
    response = client.get("/admin/")
    assert "/2fa/" not in response.get("Location", "")


def test_admin_login_goes_through_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/pages/"


@pytest.mark.parametrize("path", ["/does-not-exist/", "/people/nobody-here/"])
def test_not_found_pages_use_the_site_template(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'<main id="main"' in response.content


def test_server_error_page_renders_without_context(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_server_error_page_names_the_site_from_its_settings(rf, home_page):
    from portal.models import SiteSettings
    from portal.views import server_error

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.site_name = "Northbridge KM Commons"
    site_settings.save()
    response = server_error(rf.get("/"))
    assert b"<title>Something went wrong \xc2\xb7 Northbridge KM Commons</title>" in response.content


def test_server_error_page_names_the_site_from_the_settings_file_without_the_database(rf, settings):
    from portal.views import server_error

    settings.WAGTAIL_SITE_NAME = "Named in the settings file"
    response = server_error(rf.get("/"))
    assert b"<title>Something went wrong \xc2\xb7 Named in the settings file</title>" in response.content


def test_the_authenticator_app_names_the_site_as_its_settings_do(home_page, make_user):
    from allauth.mfa.adapter import get_adapter

    from portal.models import SiteSettings

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.site_name = "Northbridge KM Commons"
    site_settings.save()
    url = get_adapter().build_totp_url(make_user(email="member@example.com"), "JBSWY3DPEHPK3PXP")
    assert url.endswith("issuer=Northbridge%20KM%20Commons")
