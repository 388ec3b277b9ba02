from django.core.management.base import BaseCommand, CommandError

from community.rewards.models import RewardPeriod
from community.rewards.periods import PeriodError, calculate_period, close_period, parse_month
from portal.money import format_money


class Command(BaseCommand):
    help = "Calculate a month's rewards (replacing its statements); with --close, also close it."

    def add_arguments(self, parser):
        parser.add_argument("month", help="The month, as YYYY-MM (for example 2026-11).")
        parser.add_argument(
            "--close", action="store_true", help="Close the period: write payouts to the ledger, once."
        )

    def handle(self, *args, month, close, **options):
        try:
            start = parse_month(month)
            if close and RewardPeriod.objects.filter(start=start, status=RewardPeriod.Status.CLOSED).exists():
                self.stdout.write(f"{month} is already closed; nothing was written.")
                return
            period = calculate_period(start)
        except PeriodError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"{period}: pool {format_money(period.pool)}, {period.statements.count()} statements, "
            f"{format_money(period.paid)} to pay, {format_money(period.to_reserves)} to reserves, "
            f"{format_money(period.carried_forward)} carried forward (policy v{period.policy.version})."
        )
        if close:
            try:
                result = close_period(period)
            except PeriodError as error:
                raise CommandError(str(error))
            self.stdout.write(
                self.style.SUCCESS(f"{period} closed: {result.entries_written} ledger entries written.")
            )
