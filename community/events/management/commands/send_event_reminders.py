from django.core.management.base import BaseCommand

from community.events.reminders import send_event_reminders


class Command(BaseCommand):
    help = (
        "Queue the task that emails people going to a date a day and an hour before it. "
        "Run it from cron every five minutes; each reminder is sent once however often it runs."
    )

    def handle(self, *args, **options):
        result = send_event_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Sent {result.return_value} event reminders.")
        else:
            self.stdout.write(f"Queued the reminder task ({result.id}).")
