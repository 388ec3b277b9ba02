from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm
from wagtail import hooks

from portal.demo import SEED_DEMO


class Command(BaseCommand):
    help = "Build the demo site. Safe to run twice: what exists is kept."

    def handle(self, *args, **options):
        steps = hooks.get_hooks(SEED_DEMO)
        self.notes = []
        with tqdm(total=len(steps), desc="Demo site", unit="step", disable=options["verbosity"] == 0) as bar:
            for step in steps:
                bar.set_postfix_str(step.__module__)
                with transaction.atomic():
                    step(self)
                bar.update(1)
        for note in self.notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS("Demo site ready at http://127.0.0.1:8000/"))

    def progress(self, iterable, desc):
        """A nested progress bar for a step's own loop."""
        return tqdm(iterable, desc=f"  {desc}", leave=False)

    def note(self, text):
        self.notes.append(text)
