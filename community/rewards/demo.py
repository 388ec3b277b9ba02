"""Demo money: Finance records last month's and this month's fees and donations, then
calculates and closes last month; this month stays open. Safe to run twice: payments
are recognised by their references, and a closed month is left as it is."""

from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from community.people import roles
from home.models import StandardPage
from portal.demo import demo_user
from portal.money import format_money

from .ledger import allocate_reserves, get_period, record_donation, record_membership_fee
from .models import LedgerEntry, RewardPeriod, RewardsSettings, month_start
from .periods import PeriodError, calculable_from, calculate_period, close_period

# (email, first name, last name, plan, fee in minor units)
MEMBERS = [
    ("nadia.haddad@kmp.example", "Nadia", "Haddad", "individual", 6_000),
    ("oscar.lind@kmp.example", "Oscar", "Lind", "individual", 6_000),
    ("priya.nair@kmp.example", "Priya", "Nair", "concession", 3_000),
    ("quentin.roux@kmp.example", "Quentin", "Roux", "individual", 6_000),
    ("rosa.ferreira@kmp.example", "Rosa", "Ferreira", "organisation", 25_000),
    ("samuel.okeke@kmp.example", "Samuel", "Okeke", "concession", 3_000),
]
# (donor email or None, amount, to the pool?)
DONATIONS = [
    ("rosa.ferreira@kmp.example", 20_000, True),
    (None, 5_000, True),
    ("oscar.lind@kmp.example", 2_500, False),
]
RESERVES_FOR_LAST_MONTH = 40_000
LINK_MARKER = "/rewards/how-it-works/"


def seed_rewards(command):
    finance = demo_user("finance@kmp.example", "Fiona", "Finance", roles=[roles.FINANCE])
    # Four eyes: a second Finance user closes what the first calculated.
    treasurer = demo_user("treasurer@kmp.example", "Tariq", "Treasurer", roles=[roles.FINANCE])
    members = {email: demo_user(email, first, last) for email, first, last, _plan, _fee in MEMBERS}
    today = timezone.localdate()
    current = month_start(today)
    previous = month_start(current - timedelta(days=1))

    previous_period = get_period(previous)
    if previous_period.status != RewardPeriod.Status.CLOSED:
        _record_month(previous, 28, members, finance)
        if not previous_period.ledger_entries.filter(kind=LedgerEntry.Kind.RESERVE_ALLOCATION).exists():
            allocate_reserves(
                period=previous_period,
                amount=RESERVES_FOR_LAST_MONTH,
                recorded_by=finance,
                memo="Demo: reserves to start the pool",
            )
        _close_earlier_periods(previous, finance, treasurer, command)
        try:
            settle_as_if_on_time(previous_period, finance, treasurer)
        except PeriodError as error:
            command.note(f"Rewards: {previous:%Y-%m} not closed: {error}")
    _record_month(current, today.day, members, finance)

    previous_period.refresh_from_db()
    command.note(
        f"Rewards: {previous_period} {previous_period.get_status_display().lower()}, pool "
        f"{format_money(previous_period.pool)}, {previous_period.statements.count()} statements; "
        f"{get_period(current)} open. Report at /rewards/{previous_period.slug}/"
    )
    _link_how_rewards_work_page()


def _record_month(start, last_day, members, finance):
    """Each member's fee and the donations, on days up to `last_day` of the month."""
    for number, (email, _first, _last, plan, fee) in enumerate(MEMBERS, start=1):
        reference = f"DEMO-{start:%Y%m}-FEE-{number}"
        if LedgerEntry.objects.filter(payment_reference=reference).exists():
            continue
        record_membership_fee(
            member=members[email],
            amount=fee,
            received_on=start.replace(day=min(last_day, 1 + number * 3)),
            payment_reference=reference,
            plan=plan,
            recorded_by=finance,
            memo="Demo: annual membership",
        )
    for number, (email, amount, to_pool) in enumerate(DONATIONS, start=1):
        reference = f"DEMO-{start:%Y%m}-DON-{number}"
        if LedgerEntry.objects.filter(payment_reference=reference).exists():
            continue
        record_donation(
            amount=amount,
            received_on=start.replace(day=min(last_day, 2 + number * 5)),
            donor=members.get(email),
            to_pool=to_pool,
            payment_reference=reference,
            recorded_by=finance,
            memo="Demo donation" if to_pool else "Demo donation to general funds",
        )


def settle_as_if_on_time(period, finance, treasurer):
    """The demo settles last month today, as if its grace period and dispute window
    had passed (on a real site, Finance waits for them)."""
    period = calculate_period(period, by=finance, today=max(timezone.localdate(), calculable_from(period)))
    close_period(period, by=treasurer, now=period.dispute_until)


def _close_earlier_periods(before, finance, treasurer, command):
    """Months left open before last month (an older demo database) are settled first."""
    for period in (
        RewardPeriod.objects.filter(start__lt=before)
        .exclude(status=RewardPeriod.Status.CLOSED)
        .order_by("start")
    ):
        try:
            settle_as_if_on_time(period, finance, treasurer)
        except PeriodError as error:
            command.note(f"Rewards: {period} not closed: {error}")
            return


def _link_how_rewards_work_page():
    """The demo's "How rewards work" page is the one the settings choose; it links to the
    worked example and the reports."""
    page = StandardPage.objects.filter(slug="how-rewards-work").first()
    if page is None:
        return
    site = page.get_site()
    if site is not None:
        RewardsSettings.objects.update_or_create(site=site, defaults={"how_rewards_work_page": page})
    if LINK_MARKER in str(page.body.raw_data):
        return
    page.body.append(
        (
            "paragraph",
            RichText(
                '<p>See <a href="/rewards/how-it-works/">the formula worked through with the current policy</a>, '
                'and <a href="/rewards/">where the money went each month</a>.</p>'
            ),
        )
    )
    page.save_revision().publish()
