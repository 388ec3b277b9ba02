from django.core.management.base import BaseCommand

from community.payments.notifications import send_renewal_reminders


class Command(BaseCommand):
    help = "Queue today's renewal reminders (members whose membership ends in PAYMENTS_REMINDER_DAYS). Run once a day."

    def handle(self, *args, **options):
        result = send_renewal_reminders.enqueue()
        self.stdout.write(f"Renewal reminders queued ({result.id}).")
