"""Issue 18: a newsletter address confirmed after subscribing from a post, or after
following a contributor's ?ref= link, is a new person for the promotion stream, once per
address ever, with the rules account referrals have (metrics.referred_people)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.tracking import metrics
from community.tracking.models import Referral
from community.tracking.referrals import normalise_address
from community.tracking.visitors import today

from .conftest import browser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_recorder")]

CONFIRM = re.compile(r"http://testserver(/conversation/newsletter/confirm/\S+/)")


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.KMP_CONVERSATION_RATE_LIMITS = {"subscribe": ("1000/h", "1000/h")}


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def author():
    return ContributorProfileFactory(
        display_name="Bella Blogger", user__email="bella@example.com", user__roles=[roles.BLOGGERS]
    )


@pytest.fixture
def post(blog, author):
    return BlogPostPageFactory(parent=blog, authors=[author])


def subscribe(client, email, post=None, ip="203.0.113.20", confirm=True):
    """Subscribe as a signed-out reader (from the post, if given) and open the link mailed."""
    sent = len(mail.outbox)
    data = {"email": email} | ({"from": post.pk} if post else {})
    assert client.post("/conversation/newsletter/", data, **browser(ip=ip)).status_code == 200
    if confirm and len(mail.outbox) > sent:
        link = CONFIRM.search(mail.outbox[-1].body).group(1)
        assert client.get(link, **browser(ip=ip)).status_code == 200


def people(profile):
    return metrics.referred_people(today(), today()).get(profile.pk, 0)


def promotion(profile):
    from community.rewards.registry import get_stream

    return get_stream("promotion").measure(today(), today()).get(profile.pk, 0)


@pytest.mark.parametrize(
    ("email", "normal"),
    [
        ("Reader@Example.com", "reader@example.com"),
        (" reader+news@example.com ", "reader@example.com"),
        ("reader+a+b@EXAMPLE.COM", "reader@example.com"),
        ("Re.Ader+x@googlemail.com", "reader@gmail.com"),
        ("re.ader@example.com", "re.ader@example.com"),
    ],
    ids=["case", "plus", "plus-twice", "gmail-dots", "dots-elsewhere"],
)
def test_an_address_is_normalised_so_one_inbox_is_one_address(email, normal):
    assert normalise_address(email) == normal


def test_a_confirmed_subscription_from_a_post_counts_for_its_author(client, post, author):
    subscribe(client, "reader@example.com", post, confirm=False)
    assert people(author) == 0  # not before the address is confirmed (double opt-in)
    link = CONFIRM.search(mail.outbox[-1].body).group(1)
    assert client.get(link, **browser(ip="203.0.113.20")).status_code == 200
    assert people(author) == 1
    assert promotion(author) == 1
    referral = Referral.objects.get(kind=Referral.Kind.NEWSLETTER)
    assert referral.user is None and referral.contributor == author and referral.confirmed_at is not None


def test_co_authors_each_gain_the_new_person(client, blog, author):
    other = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=blog, authors=[author, other])
    subscribe(client, "reader@example.com", post)
    assert (people(author), people(other)) == (1, 1)


def test_a_subscription_after_a_ref_link_counts_for_that_contributor(client, post, author):
    promoter = ContributorProfileFactory()
    client.get(f"/?ref={promoter.referral_code}", **browser(ip="203.0.113.20"))
    subscribe(client, "reader@example.com")
    assert people(promoter) == 1
    # The first touch wins over the post the reader subscribed from, as for accounts.
    client.cookies.clear()
    client.get(f"/?ref={promoter.referral_code}", **browser(ip="203.0.113.21"))
    subscribe(client, "second@example.com", post, ip="203.0.113.21")
    assert (people(promoter), people(author)) == (2, 0)


def test_a_subscription_without_a_post_or_a_link_counts_for_no_one(client, post):
    subscribe(client, "reader@example.com")
    assert metrics.referred_people(today(), today()) == {}
    assert not Referral.objects.exists()


def test_an_address_counts_once_ever(client, blog, post, author):
    """Re-subscribing, a second post, a plus-address or a change of case is the same person."""
    second_author = ContributorProfileFactory()
    second_post = BlogPostPageFactory(parent=blog, authors=[second_author])
    subscribe(client, "reader@example.com", post)
    subscribe(client, "reader@example.com", second_post, ip="203.0.113.30")  # the same subscription
    subscribe(client, "Reader+again@Example.com", second_post, ip="203.0.113.31")
    subscribe(client, "READER@EXAMPLE.COM", post, ip="203.0.113.32")
    assert (people(author), people(second_author)) == (1, 0)


def test_an_address_that_counted_in_an_earlier_month_never_counts_again(client, blog, post, author):
    subscribe(client, "reader@example.com", post)
    Referral.objects.update(confirmed_at=timezone.now() - timedelta(days=40))
    other = ContributorProfileFactory()
    subscribe(
        client,
        "reader+later@example.com",
        BlogPostPageFactory(parent=blog, authors=[other]),
        ip="203.0.113.33",
    )
    assert (people(author), people(other)) == (0, 0)


def test_never_for_the_authors_own_address(client, post, author):
    subscribe(client, "Bella+news@example.com", post)
    assert people(author) == 0


def test_an_address_of_an_existing_account_is_no_new_person(client, post, author):
    UserFactory(email="member@example.com", date_joined=timezone.now() - timedelta(days=3))
    subscribe(client, "Member+news@example.com", post)
    assert people(author) == 0


def test_an_account_made_with_a_counted_address_is_not_counted_again(client, post, author, home_page):
    """A reader who came through the newsletter and later makes an account through a
    link and enrols is one person, already counted."""
    from allauth.account.models import EmailAddress

    from community.people.models import User
    from courses.factories import CourseIndexPageFactory, CoursePageFactory

    subscribe(client, "reader@example.com", post)
    assert people(author) == 1
    promoter = ContributorProfileFactory()
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    newcomer = client.__class__()
    newcomer.get(f"{course.url}?ref={promoter.referral_code}", **browser(ip="203.0.113.40"))
    response = newcomer.post(
        "/accounts/signup/",
        {
            "email": "Reader+acct@example.com",
            "first_name": "R",
            "password1": "a-long-pass-42",
            "password2": "a-long-pass-42",
        },
        **browser(ip="203.0.113.40"),
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="reader+acct@example.com")
    EmailAddress.objects.filter(user=user).update(verified=True)
    newcomer.force_login(user)
    assert newcomer.post(f"/courses/-/enrol/{course.pk}/", **browser(ip="203.0.113.40")).status_code == 302
    assert (people(author), people(promoter)) == (1, 0)


def test_a_subscription_from_the_authors_own_network_that_day_does_not_count(client, post, author):
    signed_in = client.__class__()
    response = signed_in.post(
        "/accounts/login/",
        {"login": author.user.email, "password": "correct-horse-battery"},
        **browser(ip="198.51.100.60"),
    )
    assert response.status_code == 302
    subscribe(client, "puppet@example.com", post, ip="198.51.100.61")
    assert people(author) == 0
    subscribe(client, "friend@example.com", post, ip="203.0.113.61")
    assert people(author) == 1


def test_a_confirmation_from_the_authors_own_network_does_not_count(client, post, author):
    client.post(
        "/conversation/newsletter/",
        {"email": "puppet@example.com", "from": post.pk},
        **browser(ip="203.0.113.70"),
    )
    author_client = client.__class__()
    author_client.post(
        "/accounts/login/",
        {"login": author.user.email, "password": "correct-horse-battery"},
        **browser(ip="198.51.100.60"),
    )
    link = CONFIRM.search(mail.outbox[-1].body).group(1)
    assert client.get(link, **browser(ip="198.51.100.62")).status_code == 200
    assert people(author) == 0


def test_a_ref_link_counts_only_within_its_window(client, post, author):
    subscribe_at = timezone.now()
    client.get(f"/?ref={author.referral_code}", **browser(ip="203.0.113.20"))
    subscribe(client, "reader@example.com")
    assert people(author) == 1
    Referral.objects.update(first_touch_at=subscribe_at - timedelta(days=31))
    assert people(author) == 0


def test_the_reach_screen_shows_newsletter_referrals(client, post, author):
    subscribe(client, "reader@example.com", post)
    subscribe(client, "pending@example.com", post, ip="203.0.113.80", confirm=False)
    client.force_login(author.user)
    response = client.get("/admin/reach/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Newsletter subscription: <strong>1</strong>" in content
    assert "subscribes to the newsletter from one of your posts" in content
    assert "reader@example.com" not in content and "pending@example.com" not in content


def test_the_promotion_stream_says_a_newsletter_address_counts():
    from community.rewards.registry import get_stream

    assert "newsletter" in str(get_stream("promotion").description)


def test_a_statement_says_a_confirmed_newsletter_address_is_a_new_person(client, author):
    """The statement's wording for the promotion stream names the newsletter."""
    from community.rewards.factories import RewardPeriodFactory
    from community.rewards.models import Statement, StatementLine

    period = RewardPeriodFactory(status="calculated")
    statement = Statement.objects.create(period=period, contributor=author, preference="cash")
    StatementLine.objects.create(
        statement=statement, stream="promotion", metric=2, share_percent=100, reason="2 referrals"
    )
    client.force_login(author.user)
    content = client.get(f"/rewards/statements/{statement.pk}/").content.decode()
    assert "subscribed to the newsletter from one of your posts" in content


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_inbox_confirmed_under_many_spellings_at_once_counts_once(post, author):
    """Real threads, each with its own connection, open the confirmation links of eight
    spellings of one address at the same moment: one new person."""
    from django.test import Client

    from portal.tests.threads import run_at_once

    spellings = [f"reader+{n}@example.com" for n in range(4)] + [
        f"Reader+{n}@EXAMPLE.com" for n in range(4, 8)
    ]
    links = []
    for n, email in enumerate(spellings):
        client = Client()
        subscribe(client, email, post, ip=f"203.0.113.{100 + n}", confirm=False)
        links.append((client, CONFIRM.search(mail.outbox[-1].body).group(1), f"203.0.113.{100 + n}"))
    responses = run_at_once(lambda client, link, ip: client.get(link, **browser(ip=ip)), links)
    assert [response.status_code for response in responses] == [200] * len(links)
    assert Referral.objects.filter(kind="newsletter", confirmed_at__isnull=False).count() == len(spellings)
    assert people(author) == 1


def test_the_review_before_pay_shows_newsletter_readers(client, post, author):
    """Finance sees how many newsletter readers an author brought, how many from one
    network and how many on one email domain (puppets on a catch-all domain)."""
    from community.rewards.registry import get_stream
    from community.tracking.evidence import referral_evidence

    for n in range(3):
        subscribe(client, f"p{n}@catchall.example", post, ip=f"203.0.113.{50 + n}")
    subscribe(client, "friend@elsewhere.example", post, ip="198.51.100.9")
    subscribe(client, "pending@catchall.example", post, ip="198.51.100.10", confirm=False)
    evidence = referral_evidence(today(), today(), [author.pk])[author.pk]
    assert (evidence.newsletter, evidence.newsletter_top_network, evidence.newsletter_top_domain) == (4, 3, 3)
    facts = {
        fact.label: fact
        for fact in get_stream("promotion").evidence(today(), today(), [author.pk])[author.pk]
    }
    assert facts["Newsletter readers (addresses confirmed)"].value == "4"
    assert facts["Newsletter readers on the most common email domain"].value == "3 (75%)"


def test_the_referrals_admin_never_shows_a_readers_address(client, post, author, make_user):
    """Editors and Finance browse referrals; a newsletter reader's address stays hidden."""
    subscribe(client, "reader+news@example.com", post)
    referral = Referral.objects.get(kind=Referral.Kind.NEWSLETTER)
    client.force_login(make_user(roles.EDITORS))
    for url in ("/admin/tracking/referral/", f"/admin/tracking/referral/inspect/{referral.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "reader@example.com" not in response.content.decode()
    assert "Newsletter subscription" in client.get("/admin/tracking/referral/").content.decode()
