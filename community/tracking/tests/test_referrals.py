import time
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from community.people.factories import ContributorProfileFactory
from community.people.models import Membership, User
from community.tracking import referrals
from community.tracking.middleware import PageTrackingMiddleware
from community.tracking.models import Referral

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]

SIGNUP = {
    "email": "newcomer@example.com",
    "first_name": "Nia",
    "password1": "a-long-passphrase-42",
    "password2": "a-long-passphrase-42",
}


@pytest.fixture
def promoter():
    return ContributorProfileFactory(display_name="Pat Promoter")


def follow_link(client, code, path="/article/"):
    return client.get(f"{path}?ref={code}", **browser())


def sign_up(client):
    response = client.post("/accounts/signup/", SIGNUP, **browser())
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=SIGNUP["email"])


def in_request_of(client, user, action):
    """Run action inside a request by user carrying the client's cookies, as a view would."""
    request = RequestFactory().get("/account/", **browser())
    request.COOKIES.update({name: morsel.value for name, morsel in client.cookies.items()})
    request.user = user

    def view(request):
        action()
        return HttpResponse("ok")

    PageTrackingMiddleware(view)(request)


def take_membership(client, user, member=None):
    member = member or user
    in_request_of(
        client,
        user,
        lambda: Membership.objects.create(user=member, paid_until=timezone.localdate() + timedelta(days=365)),
    )


def test_ref_link_sets_a_signed_first_touch_cookie(client, article, promoter):
    response = follow_link(client, promoter.referral_code)
    cookie = response.cookies[referrals.COOKIE_NAME]
    assert promoter.referral_code in cookie.value and ":" in cookie.value  # signed
    assert cookie["max-age"] == 30 * 24 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_sign_up_after_a_ref_link_is_credited(client, article, promoter):
    follow_link(client, promoter.referral_code)
    user = sign_up(client)
    referral = Referral.objects.get()
    assert (referral.contributor, referral.user, referral.kind) == (promoter, user, Referral.Kind.SIGNUP)
    assert referral.first_touch_at is not None


def test_first_touch_wins(client, article, promoter):
    later = ContributorProfileFactory()
    follow_link(client, promoter.referral_code)
    response = follow_link(client, later.referral_code)
    assert referrals.COOKIE_NAME not in response.cookies
    sign_up(client)
    assert Referral.objects.get().contributor == promoter


def test_membership_by_the_referred_member_is_credited_once(client, article, promoter):
    follow_link(client, promoter.referral_code)
    user = sign_up(client)
    take_membership(client, user)
    take_membership(client, user)
    kinds = sorted(Referral.objects.values_list("kind", flat=True))
    assert kinds == ["membership", "membership", "signup"]
    assert set(Referral.objects.values_list("contributor", flat=True)) == {promoter.pk}


def test_membership_created_by_staff_for_someone_else_is_not_credited(client, article, promoter, make_user):
    """The cookie in the request is the staff member's, not the member's."""
    follow_link(client, promoter.referral_code)
    staff = make_user(is_staff=True)
    member = make_user()
    take_membership(client, staff, member=member)
    assert Membership.objects.filter(user=member).exists()
    assert not Referral.objects.exists()


def test_self_referral_records_nothing(client, article, promoter):
    follow_link(client, promoter.referral_code)
    client.force_login(promoter.user)
    take_membership(client, promoter.user)
    assert not Referral.objects.exists()


def test_an_expired_code_records_nothing(client, article, promoter, monkeypatch):
    follow_link(client, promoter.referral_code)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 31 * 24 * 3600)
    sign_up(client)
    assert not Referral.objects.exists()


def test_an_expired_code_gives_way_to_a_new_first_touch(client, article, promoter, monkeypatch):
    other = ContributorProfileFactory()
    follow_link(client, other.referral_code)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 31 * 24 * 3600)
    response = follow_link(client, promoter.referral_code)
    assert referrals.COOKIE_NAME in response.cookies


@pytest.mark.parametrize("code", ["nosuchcode", "x", "<script>", "a" * 100, ""])
def test_an_unknown_or_malformed_code_is_ignored_without_error(client, article, code):
    response = follow_link(client, code)
    assert response.status_code == 200
    assert referrals.COOKIE_NAME not in response.cookies
    sign_up(client)
    assert not Referral.objects.exists()


def test_a_forged_cookie_is_ignored(client, article, promoter):
    client.cookies[referrals.COOKIE_NAME] = f"{promoter.referral_code}|0:forged:signature"
    sign_up(client)
    assert not Referral.objects.exists()


def test_ref_works_on_any_url(client, home_page, promoter):
    response = client.get(f"/accounts/signup/?ref={promoter.referral_code}", **browser())
    assert response.status_code == 200
    assert referrals.COOKIE_NAME in response.cookies


@pytest.fixture
def course(home_page):
    from courses.factories import CourseIndexPageFactory, CoursePageFactory

    index = CourseIndexPageFactory(parent=home_page)
    return CoursePageFactory(parent=index, title="Knowledge cafés", slug="knowledge-cafes")


def test_an_enrolment_after_a_ref_link_is_credited_once_per_course(client, course, promoter, make_user):
    learner = make_user()
    follow_link(client, promoter.referral_code, path=course.url)
    client.force_login(learner)
    response = client.post(f"/courses/-/enrol/{course.pk}/", **browser())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.kind, referral.user, referral.contributor) == ("enrolment", learner, promoter)
    assert referral.object_id == course.pk
    client.post(f"/courses/-/leave/{course.pk}/", **browser())
    client.post(f"/courses/-/enrol/{course.pk}/", **browser())
    assert Referral.objects.count() == 1


def test_an_instructor_enrolling_through_their_own_link_is_not_credited(client, course, promoter):
    follow_link(client, promoter.referral_code, path=course.url)
    client.force_login(promoter.user)
    client.post(f"/courses/-/enrol/{course.pk}/", **browser())
    assert not Referral.objects.exists()
