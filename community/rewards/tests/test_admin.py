"""Finance's admin: only Finance (and superusers) record money or run a period; the
ledger has no edit or delete; statements are each contributor's own."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.people.models import Membership
from community.rewards.factories import LedgerEntryFactory
from community.rewards.models import LedgerEntry, RewardPeriod, RewardPolicy, Statement
from community.rewards.periods import calculate_period
from community.rewards.tests.helpers import close_when_due

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind

OTHER_ROLES = [roles.BLOGGERS, roles.COURSE_AUTHORS, roles.EVENT_ORGANISERS, roles.MODERATORS, roles.EDITORS]
MONEY_PAGES = [
    "record_fee",
    "record_donation",
    "allocate_reserves",
    "import_payments",
    "change_policy",
    "open_period",
    "record_clawback",
]


def refused(response):
    """Wagtail answers a forbidden admin view with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


@pytest.fixture
def finance_client(client, home_page, make_user):
    client.force_login(make_user(roles.FINANCE))
    return client


@pytest.fixture
def october(october, stream_metrics):
    """The shared October with no promotion stream metrics."""
    stream_metrics["promotion"].clear()
    return october


@pytest.mark.parametrize("page", MONEY_PAGES)
def test_finance_opens_every_money_page(finance_client, page):
    assert finance_client.get(reverse(f"rewards_admin:{page}")).status_code == 200


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("page", MONEY_PAGES)
def test_other_roles_cannot_record_money_or_change_the_policy(client, home_page, make_user, role, page):
    client.force_login(make_user(role))
    assert refused(client.get(reverse(f"rewards_admin:{page}")))


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_run_a_period(client, home_page, make_user, october, role):
    client.force_login(make_user(role))
    for action in ("calculate", "close"):
        assert refused(client.get(reverse(f"rewards_admin:{action}", args=[october.pk])))
        assert refused(client.post(reverse(f"rewards_admin:{action}", args=[october.pk]), {"confirm": "yes"}))
    assert refused(client.get(reverse("rewards_admin:payouts_csv", args=[october.pk])))
    assert refused(
        client.post(reverse("rewards_admin:record_donation"), {"amount": "5", "received_on": "2026-10-01"})
    )
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.OPEN
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    "path", ["/admin/rewards/ledgerentry/", "/admin/rewards/rewardperiod/", "/admin/rewards/rewardpolicy/"]
)
def test_finance_areas_are_finance_only(client, home_page, make_user, path):
    for role in OTHER_ROLES:
        client.force_login(make_user(role))
        assert client.get(path).status_code != 200, role
    client.force_login(make_user(roles.FINANCE))
    assert client.get(path).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, home_page):
    response = client.get(reverse("rewards_admin:record_fee"))
    assert response.status_code == 302 and "/login/" in response.url


def test_finance_records_a_membership_fee(finance_client):
    member = UserFactory(email="member@example.com")
    response = finance_client.post(
        reverse("rewards_admin:record_fee"),
        {
            "member": "Member@example.com",
            "amount": "60.00",
            "received_on": "2026-10-03",
            "payment_reference": "BANK-77",
            "plan": "individual",
            "memo": "Annual fee",
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.member, entry.payment_reference) == (
        Kind.MEMBERSHIP_FEE,
        6_000,
        member,
        "BANK-77",
    )
    assert Membership.objects.get(user=member).paid_until == date(2027, 10, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-60"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"member": "nobody@example.com"}, "member"),
        ({"received_on": "2026-13-01"}, "received_on"),
        ({"payment_reference": "TAKEN"}, "payment_reference"),
    ],
)
def test_bad_fee_input_gets_a_message_and_changes_nothing(finance_client, changes, field):
    UserFactory(email="member@example.com")
    LedgerEntryFactory(payment_reference="TAKEN")
    data = {
        "member": "member@example.com",
        "amount": "60.00",
        "received_on": "2026-10-03",
        "payment_reference": "NEW",
        "plan": "individual",
    }
    response = finance_client.post(reverse("rewards_admin:record_fee"), data | changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert LedgerEntry.objects.count() == 1


def test_finance_records_a_donation_to_general_funds_and_allocates_reserves(finance_client):
    response = finance_client.post(
        reverse("rewards_admin:record_donation"),
        {"amount": "25.50", "received_on": "2026-10-03", "memo": "Anonymous"},
    )
    assert response.status_code == 302
    donation = LedgerEntry.objects.get(kind=Kind.DONATION)
    assert (donation.amount, donation.to_pool, donation.member) == (2_550, False, None)
    period = donation.period
    response = finance_client.post(
        reverse("rewards_admin:allocate_reserves"),
        {"period": period.pk, "amount": "100", "memo": "October top-up"},
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get(kind=Kind.RESERVE_ALLOCATION).amount == 10_000


def test_the_csv_import_lists_every_bad_line_and_imports_nothing(finance_client):
    UserFactory(email="ada@example.com")
    upload = SimpleUploadedFile(
        "payments.csv",
        b"email,amount,date,reference\nada@example.com,60,2026-10-01,A1\nada@example.com,-1,2026-10-01,A2\nx@example.com,5,nope,A1\n",
        content_type="text/csv",
    )
    response = finance_client.post(reverse("rewards_admin:import_payments"), {"file": upload})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported: 2 line(s) need correcting." in content
    assert [line for line, _ in response.context["line_errors"]] == [3, 4]
    assert "also on line 2" in content
    assert not LedgerEntry.objects.exists()

    good = SimpleUploadedFile(
        "payments.csv", b"email,amount,date,reference\nada@example.com,60,2026-10-01,A1\n"
    )
    response = finance_client.post(reverse("rewards_admin:import_payments"), {"file": good})
    assert response.status_code == 302
    assert LedgerEntry.objects.get().payment_reference == "A1"


def test_the_ledger_admin_lists_entries_but_cannot_edit_or_delete_them(
    finance_client, django_assert_max_num_queries
):
    entries = [LedgerEntryFactory() for _ in range(5)]
    with django_assert_max_num_queries(30):
        response = finance_client.get("/admin/rewards/ledgerentry/")
    assert response.status_code == 200
    entry = entries[0]
    assert finance_client.get(f"/admin/rewards/ledgerentry/inspect/{entry.pk}/").status_code == 200
    assert refused(finance_client.get(f"/admin/rewards/ledgerentry/edit/{entry.pk}/"))
    assert refused(finance_client.post(f"/admin/rewards/ledgerentry/edit/{entry.pk}/", {"amount": 1}))
    assert refused(finance_client.post(f"/admin/rewards/ledgerentry/delete/{entry.pk}/"))
    assert refused(finance_client.get("/admin/rewards/ledgerentry/create/"))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    finance_client.force_login(superuser)
    assert refused(finance_client.post(f"/admin/rewards/ledgerentry/delete/{entry.pk}/"))
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount
    assert LedgerEntry.objects.count() == 5


def test_finance_reverses_an_entry_in_the_admin(finance_client):
    entry = LedgerEntryFactory(amount=6_000)
    url = reverse("rewards_admin:reverse_entry", args=[entry.pk])
    assert finance_client.post(url, {"memo": ""}).status_code == 200
    assert finance_client.post(url, {"memo": "Refunded"}).status_code == 302
    assert LedgerEntry.objects.get(reverses=entry).amount == -6_000
    response = finance_client.post(url, {"memo": "Again"})
    assert "already been reversed" in response.content.decode()
    assert LedgerEntry.objects.filter(kind=Kind.REVERSAL).count() == 1


def test_finance_calculates_and_closes_a_period_with_the_buttons(
    finance_client, client, october, contributors
):
    inspect_url = f"/admin/rewards/rewardperiod/inspect/{october.pk}/"
    assert b"Calculate" in finance_client.get(inspect_url).content
    calculate_url = reverse("rewards_admin:calculate", args=[october.pk])
    confirm = finance_client.get(calculate_url).content.decode()
    assert "What will happen" in confirm and "7 days to flag it" in confirm
    finance_client.post(calculate_url)  # not confirmed: nothing happens
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.OPEN
    response = finance_client.post(calculate_url, {"confirm": "yes"})
    assert response.status_code == 302 and response.url == inspect_url
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED
    page = finance_client.get(inspect_url).content.decode()
    assert "Close and write payouts to the ledger" in page and "Amara Okafor" in page

    csv = finance_client.get(reverse("rewards_admin:payouts_csv", args=[october.pk]))
    assert csv["Content-Disposition"] == 'attachment; filename="kmp-payouts-2026-10-provisional.csv"'
    rows = csv.content.decode().splitlines()
    assert rows[0] == "period,contributor,email,amount,currency,statement"
    assert rows[1].startswith(f"2026-10,Amara Okafor,{contributors['amara'].user.email},250.00,USD,")
    assert rows[2].startswith(f"2026-10,Li Wei,{contributors['li'].user.email},250.00,USD,")
    assert len(rows) == 3  # Sofia volunteers, so she is not paid

    close_url = reverse("rewards_admin:close", args=[october.pk])
    RewardPeriod.objects.filter(pk=october.pk).update(dispute_until=timezone.now())  # the window has passed
    confirm = finance_client.get(close_url).content.decode()
    assert "You calculated this period; a second Finance user closes it" in confirm
    finance_client.post(close_url, {"confirm": "yes"}, follow=True)
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED

    client.force_login(UserFactory(roles=[roles.FINANCE]))  # the second pair of eyes
    confirm = client.get(close_url).content.decode()
    assert "500.00 USD is paid to 2 contributor(s)" in confirm or "is paid to 2 contributor(s)" in confirm
    client.post(close_url, {"confirm": "yes"})
    client.post(close_url, {"confirm": "yes"})
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CLOSED
    assert LedgerEntry.objects.filter(origin_period=october, kind=Kind.PAYOUT).count() == 2
    response = finance_client.post(calculate_url, {"confirm": "yes"}, follow=True)
    assert "is closed" in response.content.decode()


def test_a_superuser_may_run_a_period(client, home_page, october):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.post(reverse("rewards_admin:calculate", args=[october.pk]), {"confirm": "yes"})
    assert RewardPeriod.objects.get(pk=october.pk).status == RewardPeriod.Status.CALCULATED


def test_changing_the_policy_makes_a_new_version(finance_client):
    current = RewardPolicy.current()
    data = {
        "pool_share_percent": "35",
        "cap_percent": "25",
        "minimum_payout": "10.00",
        "empty_stream": "reserves",
        "weight_blogging": "50",
        "minimum_blogging": "20",
        "weight_courses": "35",
        "minimum_courses": "3",
        "weight_promotion": "15",
        "minimum_promotion": "1",
        "note": "More to the pool",
    }
    response = finance_client.post(reverse("rewards_admin:change_policy"), data)
    assert response.status_code == 302
    new = RewardPolicy.current()
    assert new.version == current.version + 1
    assert (new.pool_share_percent, new.empty_stream, new.minimum_payout) == (35, "reserves", 1_000)
    assert new.stream_settings["blogging"] == {"weight": 50, "minimum": "20"}
    assert RewardPolicy.objects.get(pk=current.pk).pool_share_percent == 30

    finance_client.post(reverse("rewards_admin:change_policy"), data)
    assert RewardPolicy.current().version == new.version  # nothing changed, no new version

    zero = data | {"weight_blogging": "0", "weight_courses": "0", "weight_promotion": "0"}
    response = finance_client.post(reverse("rewards_admin:change_policy"), zero)
    assert response.status_code == 200 and "At least one stream" in response.content.decode()


def test_contributors_see_only_their_own_statements_in_the_admin(client, home_page, october, contributors):
    calculate_period(october)
    close_when_due(october)
    li = contributors["li"]
    li.user.groups.add(*UserFactory(roles=[roles.BLOGGERS]).groups.all())
    client.force_login(li.user)
    response = client.get("/admin/rewards/statement/")
    assert response.status_code == 200
    assert "Li Wei" in response.content.decode() and "Amara Okafor" not in response.content.decode()
    own = Statement.objects.get(contributor=li)
    other = Statement.objects.get(contributor=contributors["amara"])
    assert client.get(f"/admin/rewards/statement/inspect/{own.pk}/").status_code == 200
    assert client.get(f"/admin/rewards/statement/inspect/{other.pk}/").status_code == 404


def test_finance_sees_every_statement(finance_client, october):
    calculate_period(october)
    response = finance_client.get("/admin/rewards/statement/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Amara Okafor" in content and "Li Wei" in content


def test_a_blogger_without_a_profile_has_no_statements_area(client, home_page, make_user):
    client.force_login(make_user(roles.BLOGGERS))
    assert client.get("/admin/rewards/statement/").status_code != 200
    ContributorProfileFactory()


def test_finance_filters_statements_by_preference_named_as_contributors_choose_it(finance_client, october):
    calculate_period(october)
    response = finance_client.get("/admin/rewards/statement/")
    content = response.content.decode()
    assert "Give it back (donate my share to the pool)" in content
    assert ">give_back<" not in content and "?preference=give_back" in content
    volunteers = finance_client.get("/admin/rewards/statement/?preference=volunteer").content.decode()
    assert "Sofia" in volunteers and "Amara" not in volunteers


def test_amounts_in_the_admin_periods_list_never_wrap(finance_client, october):
    calculate_period(october)
    content = finance_client.get("/admin/rewards/rewardperiod/").content.decode()
    assert '<span class="money">1,000.00 USD</span>' in content
    assert "css/admin.css" in content
