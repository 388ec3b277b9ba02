"""Every privileged view asks for the second factor under production settings.

The URLconf is walked: every pattern of the site's own apps (and their admin views:
attendance, course reports, Finance) is requested, GET and POST, by a member with no
role, by a user with every role and a verified second factor, and by the same user
without one. A view is privileged when the verified user gets something the member
does not (another status, or the private text planted in the world below); each such
view must send the unverified user to the second factor. A pattern added later needs
sample arguments here before this test passes, so it cannot be missed."""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.conversation.digest import CONFIRM, PREFERENCES, UNSUBSCRIBE, token_for
from community.conversation.models import Comment, DigestSubscription
from community.events.attendee_feed import attendee_feed_token
from community.events.factories import EventIndexPageFactory, EventPageFactory
from community.payments.factories import PaymentFactory
from community.payments.models import Subscription
from community.people import roles
from community.people.factories import ContributorProfileFactory
from community.rewards.factories import LedgerEntryFactory, RewardPeriodFactory
from community.wishlists.factories import (
    OfferFactory,
    ServiceFactory,
    WishItemFactory,
    WishListIndexPageFactory,
    WishListPageFactory,
)
from courses.factories import CourseIndexPageFactory, CoursePageFactory, EnrolmentFactory, LessonPageFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("portal.", "home.", "blog.", "courses.", "community.", "search.")
SECRET = "PRIVATE-7f3a"  # written into what only the owner and privileged roles may read
TWO_FACTOR_PATHS = ("/accounts/2fa/totp/activate/", "/accounts/2fa/reauthenticate/")

# Sample arguments for every pattern that takes some, by URL name.
SAMPLE_KWARGS = {
    "people:profile": lambda w: {"slug": w["profile"].slug},
    "wagtailsnippets_people_contributorprofile:delete": lambda w: {"pk": w["profile"].pk},
    "courses:enrol": lambda w: {"course_id": w["course"].pk},
    "courses:leave": lambda w: {"course_id": w["course"].pk},
    "courses:review": lambda w: {"course_id": w["course"].pk},
    "courses:complete_lesson": lambda w: {"lesson_id": w["lesson"].pk},
    "courses:submit_quiz": lambda w: {"lesson_id": w["lesson"].pk},
    "courses:certificate": lambda w: {"course_id": w["course"].pk},
    "courses:certificate_pdf": lambda w: {"course_id": w["course"].pk},
    "courses:verify_certificate": lambda w: {"code": "NOT-A-CODE"},
    "events:calendar": lambda w: {"page_id": w["event"].pk},
    "events:occurrence_calendar": lambda w: {"event_id": w["event"].pk, "key": "20270105T170000Z"},
    "events:attendee_calendar": lambda w: {"feed_token": attendee_feed_token(w["owner"])},
    "rewards:statement": lambda w: {"pk": 999_999},
    "rewards:flag_statement": lambda w: {"pk": 999_999},
    "rewards:period": lambda w: {"month": "2026-10"},
    "conversation:post_comment": lambda w: {"page_id": w["post"].pk},
    "conversation:edit_comment": lambda w: {"comment_id": w["comment"].pk},
    "conversation:delete_comment": lambda w: {"comment_id": w["comment"].pk},
    "conversation:flag_comment": lambda w: {"comment_id": w["comment"].pk},
    "conversation:toggle_follow": lambda w: {"kind": "contributor", "target_id": w["profile"].pk},
    "conversation:preferences": lambda w: {"token": token_for(w["digest_subscription"], PREFERENCES)},
    "conversation:unsubscribe": lambda w: {"token": token_for(w["digest_subscription"], UNSUBSCRIBE)},
    "conversation:write_recap": lambda w: {"event_id": w["event"].pk, "key": "20270105T170000Z"},
    "conversation:confirm_subscription": lambda w: {"token": token_for(w["digest_subscription"], CONFIRM)},
    "conversation:contact": lambda w: {"slug": w["profile"].slug},
    "wishlists:manage": lambda w: {"page_id": w["wish_list"].pk},
    "wishlists:close": lambda w: {"page_id": w["wish_list"].pk},
    "wishlists:make_offer": lambda w: {"item_id": w["item"].pk},
    "wishlists:offer_detail": lambda w: {"offer_id": w["offer"].pk},
    "wishlists:accept_offer": lambda w: {"offer_id": w["offer"].pk},
    "wishlists:withdraw_offer": lambda w: {"offer_id": w["offer"].pk},
    "wishlists:hide_offer": lambda w: {"offer_id": w["offer"].pk},
    "wishlists:edit_service": lambda w: {"service_id": w["service"].pk},
    "wishlists:delete_service": lambda w: {"service_id": w["service"].pk},
    "courses_admin:report": lambda w: {"course_id": w["course"].pk},
    "courses_admin:learners_csv": lambda w: {"course_id": w["course"].pk},
    "events_attendance": lambda w: {"event_id": w["event"].pk},
    "events_attendance_csv": lambda w: {"event_id": w["event"].pk, "key": "20270105T170000Z"},
    "rewards_admin:reverse_entry": lambda w: {"pk": w["entry"].pk},
    "rewards_admin:answer_flag": lambda w: {"pk": 999_999},
    "rewards_admin:calculate": lambda w: {"pk": w["period"].pk},
    "rewards_admin:close": lambda w: {"pk": w["period"].pk},
    "rewards_admin:payouts_csv": lambda w: {"pk": w["period"].pk},
    "payments:payment": lambda w: {"payment_token": w["payment"].access_token},
    "payments:receipt": lambda w: {"payment_token": w["payment"].access_token},
    "payments:cancel_recurring": lambda w: {"subscription_id": w["subscription"].pk},
    "payments_admin:confirm": lambda w: {"pk": w["payment"].pk},
    "payments_admin:refund": lambda w: {"pk": w["payment"].pk},
    "rewards_admin:review": lambda w: {"pk": w["period"].pk},
    "rewards_admin:exclude": lambda w: {"pk": w["period"].pk},
}
# The views this walk must find privileged: the issue's list, so the walk cannot pass
# by finding nothing.
MUST_BE_PRIVILEGED = {
    "wishlists:offer_detail",
    "wishlists:manage",
    "wishlists:hide_offer",
    "wishlists:close",
    "courses_admin:report",
    "events_attendance",
    "rewards_admin:record_fee",
    "payments_admin:confirm",
}


def our_routes():
    """(url name, pattern) for every view of the site's own apps, admin views included."""

    def walk(patterns, prefix="", namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                names = [n for n in (namespace, entry.namespace) if n]
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ":".join(names) or None)
            elif entry.lookup_str.startswith(OUR_APPS) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, entry

    return sorted(walk(get_resolver().url_patterns))


def build_url(name, entry, world):
    if entry.pattern.regex.groupindex or entry.pattern.converters:
        if name not in SAMPLE_KWARGS:
            pytest.fail(f"{name} takes arguments: add sample arguments to SAMPLE_KWARGS in this test")
        return reverse(name, kwargs=SAMPLE_KWARGS[name](world))
    return reverse(name)


@pytest.fixture
def world(home_page, make_user):
    owner = make_user(email="owner@example.com")
    wish_index = WishListIndexPageFactory(parent=home_page)
    wish_list = WishListPageFactory(parent=wish_index, owner=owner, title="A business's wish list")
    item = WishItemFactory(wish_list=wish_list)
    offerer = ContributorProfileFactory(user=make_user(roles.BLOGGERS))
    offer = OfferFactory(item=item, contributor=offerer, message=f"My rate is {SECRET}")
    service = ServiceFactory(contributor=offerer)
    course_index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=course_index, instructors=[offerer])
    lesson = LessonPageFactory(parent=course)
    EnrolmentFactory(course=course, user=owner)
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    period = RewardPeriodFactory()
    entry = LedgerEntryFactory(period=period)
    post = BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home_page))
    # A comment its author is still editing: only they (no role) may change it.
    comment = Comment.objects.create(page=post, author=owner, body=f"Draft reply {SECRET}", status="pending")
    digest_subscription = DigestSubscription.objects.create(email=owner.email, user=owner)
    payment = PaymentFactory(user=owner, donor_name=SECRET)
    subscription = Subscription.objects.create(
        user=owner, purpose="membership", provider="bank_transfer", plan=payment.plan, amount=payment.amount
    )
    return {
        "owner": owner,
        "profile": offerer,
        "wish_list": wish_list,
        "item": item,
        "offer": offer,
        "service": service,
        "course": course,
        "lesson": lesson,
        "event": event,
        "period": period,
        "entry": entry,
        "payment": payment,
        "subscription": subscription,
        "digest_subscription": digest_subscription,
        "post": post,
        "comment": comment,
    }


def verified_session(client, user):
    """The session allauth leaves after a login with TOTP."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def clients(make_user, world):
    member = Client()
    member.force_login(make_user())
    privileged_user = make_user(*roles.ALL_ROLES)
    Authenticator.objects.create(
        user=privileged_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    verified, unverified = Client(), Client()
    verified_session(verified, privileged_user)
    unverified.force_login(privileged_user)  # TOTP enrolled, but this session never gave a code
    return member, verified, unverified


def answer(client, method, url):
    response = getattr(client, method)(url)
    body = b"" if response.streaming else response.content
    return response.status_code, response.get("Location", ""), SECRET.encode() in body


def asks_for_second_factor(result):
    status, location, shows_secret = result
    return status == 302 and location.startswith(TWO_FACTOR_PATHS) and not shows_secret


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_every_privileged_view_asks_for_the_second_factor(world, clients):
    member, verified, unverified = clients
    privileged, unguarded = set(), []
    for name, entry in our_routes():
        url = build_url(name, entry, world)
        for method in ("get", "post"):
            with transaction.atomic():
                as_member = answer(member, method, url)
                as_unverified = answer(unverified, method, url)
                as_verified = answer(verified, method, url)
                transaction.set_rollback(True)  # POSTs change things; each request starts alike
            if as_verified[0] == as_member[0] and not (as_verified[2] and not as_member[2]):
                continue  # the roles make no difference here
            privileged.add(name)
            if not asks_for_second_factor(as_unverified):
                unguarded.append((method.upper(), url, as_unverified))
    assert unguarded == []
    assert MUST_BE_PRIVILEGED <= privileged, MUST_BE_PRIVILEGED - privileged


@override_settings(KMP_ADMIN_REQUIRES_MFA=False)
def test_without_the_setting_roles_work_with_a_password_alone(world, clients):
    member, verified, unverified = clients
    url = reverse("wishlists:offer_detail", kwargs={"offer_id": world["offer"].pk})
    assert member.get(url).status_code == 404
    assert SECRET in unverified.get(url).content.decode()


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_a_moderator_without_totp_is_sent_to_enrol_and_one_with_it_to_confirm(world, make_user):
    url = reverse("wishlists:offer_detail", kwargs={"offer_id": world["offer"].pk})
    moderator = make_user(roles.MODERATORS)
    client = Client()
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    Authenticator.objects.create(
        user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    assert client.get(url)["Location"].startswith("/accounts/2fa/reauthenticate/")
    verified_session(client, moderator)
    assert SECRET in client.get(url).content.decode()


@override_settings(KMP_ADMIN_REQUIRES_MFA=True)
def test_an_editor_reads_a_lesson_they_do_not_take_only_with_the_second_factor(world, clients):
    """Editors read every lesson through Wagtail's page permissions, not has_role()."""
    _member, verified, unverified = clients
    second = LessonPageFactory(parent=world["course"], title="Closed lesson")
    assert not second.is_preview()
    text = b"The full text of Closed lesson"
    assert text in verified.get(second.url).content
    result = answer(unverified, "get", second.url)
    assert asks_for_second_factor(result), result
    assert text not in unverified.get(second.url, follow=True).content
