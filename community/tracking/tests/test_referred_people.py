"""The promotion stream counts new people (metrics.referred_people), not referral rows."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from community.people.factories import ContributorProfileFactory, UserFactory
from community.people.models import User
from community.tracking import metrics
from community.tracking.factories import ReferralFactory
from community.tracking.visitors import today
from courses.factories import CourseIndexPageFactory, CoursePageFactory

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]


@pytest.fixture
def promoter():
    return ContributorProfileFactory(display_name="Pat Promoter")


@pytest.fixture
def courses(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    return [CoursePageFactory(parent=index, title=f"Course {n}", slug=f"course-{n}") for n in range(2)]


def people(promoter):
    return metrics.referred_people(today(), today()).get(promoter.pk, 0)


def raw(promoter):
    return metrics.referrals(today(), today()).get(promoter.pk, 0)


def enrol_in_all(client, courses, ip):
    for course in courses:
        assert client.post(f"/courses/-/enrol/{course.pk}/", **browser(ip=ip)).status_code == 302


def newcomer_through_link(client, promoter, courses, ip="203.0.113.50", email="new@example.com", verify=True):
    client.get(f"{courses[0].url}?ref={promoter.referral_code}", **browser(ip=ip))
    response = client.post(
        "/accounts/signup/",
        {"email": email, "first_name": "Nia", "password1": "a-long-pass-42", "password2": "a-long-pass-42"},
        **browser(ip=ip),
    )
    assert response.status_code == 302
    user = User.objects.get(email=email)
    if verify:
        EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    enrol_in_all(client, courses, ip)
    return user


def test_an_existing_account_following_a_link_is_no_new_person(client, promoter, courses, make_user):
    client.force_login(make_user(date_joined=timezone.now() - timedelta(days=1)))
    client.get(f"{courses[0].url}?ref={promoter.referral_code}", **browser())
    enrol_in_all(client, courses, "198.51.100.7")
    assert raw(promoter) == 2  # what the old rule paid
    assert people(promoter) == 0


def test_a_new_verified_person_counts_once_however_many_enrolments(client, promoter, courses):
    newcomer_through_link(client, promoter, courses)
    assert raw(promoter) == 2
    assert people(promoter) == 1


def test_an_unverified_address_does_not_count(client, promoter, courses):
    newcomer_through_link(client, promoter, courses, verify=False)
    assert people(promoter) == 0


def test_a_person_from_the_promoters_own_network_that_day_does_not_count(client, promoter, courses):
    promoter_client = client.__class__()
    response = promoter_client.post(
        "/accounts/login/",
        {"login": promoter.user.email, "password": "correct-horse-battery"},
        **browser(ip="198.51.100.60"),
    )
    assert response.status_code == 302
    newcomer_through_link(client, promoter, courses, ip="198.51.100.61", email="puppet@example.com")
    assert people(promoter) == 0
    client.logout()
    newcomer_through_link(client, promoter, courses, ip="203.0.113.61", email="friend@example.com")
    assert people(promoter) == 1


def test_the_account_must_follow_the_click_within_the_window(promoter):
    now = timezone.now()
    early = UserFactory(date_joined=now - timedelta(days=1))
    late = UserFactory(date_joined=now)
    ok = UserFactory(date_joined=now)
    ReferralFactory(contributor=promoter, user=early, first_touch_at=now - timedelta(minutes=5))
    ReferralFactory(contributor=promoter, user=late, first_touch_at=now - timedelta(days=31))
    ReferralFactory(contributor=promoter, user=ok, first_touch_at=now - timedelta(days=29))
    ReferralFactory(contributor=promoter, user=UserFactory(), first_touch_at=None)
    assert people(promoter) == 1


def test_a_person_counts_in_the_period_of_their_first_referral_only(promoter):
    now = timezone.now()
    user = UserFactory(date_joined=now - timedelta(days=40))
    first = ReferralFactory(contributor=promoter, user=user, first_touch_at=now - timedelta(days=41))
    first.__class__.objects.filter(pk=first.pk).update(created_at=now - timedelta(days=39))
    ReferralFactory(
        contributor=promoter, user=user, kind="enrolment", object_id=7, first_touch_at=first.first_touch_at
    )
    assert people(promoter) == 0
    earlier = metrics.referred_people(today() - timedelta(days=45), today() - timedelta(days=30))
    assert earlier == {promoter.pk: 1}
