from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from community.people import roles
from community.rewards.models import RewardPeriod
from community.rewards.periods import PeriodError, calculate_period, close_period, parse_month
from portal.money import format_money


class Command(BaseCommand):
    help = (
        "Calculate a month's rewards (replacing its draft statements), or with --close, close a "
        "calculated month. The same rules as the admin: a month is calculated after it ends plus "
        "REWARDS_GRACE_DAYS; it is closed after the dispute window, by a Finance user other than "
        "the one who calculated it."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="The month, as YYYY-MM (for example 2026-11).")
        parser.add_argument(
            "--close",
            action="store_true",
            help="Close the calculated period: write payouts to the ledger, once. Needs --by.",
        )
        parser.add_argument("--by", metavar="EMAIL", help="The Finance user who calculates or closes.")
        parser.add_argument(
            "--despite-open-flags",
            action="store_true",
            help="Close although contributors' flags are not resolved (they are listed otherwise).",
        )

    def handle(self, *args, month, close, by, despite_open_flags, **options):
        user = self.finance_user(by) if by else None
        try:
            start = parse_month(month)
            if close:
                self.close(start, user, despite_open_flags)
                return
            period = calculate_period(start, by=user)
        except PeriodError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"{period}: pool {format_money(period.pool)}, {period.statements.count()} statements, "
            f"{format_money(period.paid)} to pay, {format_money(period.to_reserves)} to reserves, "
            f"{format_money(period.carried_forward)} carried forward (policy v{period.policy.version}). "
            f"Draft statements can be flagged until {period.dispute_until:%Y-%m-%d %H:%M} UTC."
        )

    def close(self, start, user, despite_open_flags):
        period = RewardPeriod.objects.filter(start=start).first()
        if period is None:
            raise CommandError(f"There is no period for {start:%Y-%m}.")
        if period.is_closed:
            self.stdout.write(f"{period} is already closed; nothing was written.")
            return
        if user is None:
            raise CommandError("Closing needs --by EMAIL: a Finance user other than the one who calculated.")
        result = close_period(period, by=user, despite_open_flags=despite_open_flags)
        self.stdout.write(
            self.style.SUCCESS(f"{period} closed: {result.entries_written} ledger entries written.")
        )

    def finance_user(self, email):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None or not (user.is_superuser or user.groups.filter(name=roles.FINANCE).exists()):
            raise CommandError(f"{email} is not a Finance user.")
        return user
