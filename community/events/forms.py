from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import recurrence

CHANGE_TIME_FIELDS = ("original_start", "new_start", "new_end")
PAGE_TIME_FIELDS = ("start", "end", "time_zone", "recurrence")


class TimeZoneSelect(forms.Select):
    """Every IANA zone by name; the model validates what is sent."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=recurrence.time_zone_choices())


class EventPageForm(WagtailAdminPageForm):
    """Shows and reads every date-time of the event as wall-clock time in the event's
    own zone, and checks each cancelled or moved date against the series."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.zone
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].zone = zone
        for form in self.change_forms():
            for name in CHANGE_TIME_FIELDS:
                if name in form.fields:
                    form.fields[name].zone = zone
        self._changes_checked = None

    def change_forms(self):
        formset = self.formsets.get("occurrence_changes")
        return formset.forms if formset is not None else []

    def is_valid(self):
        valid = super().is_valid()
        if self._changes_checked is None:
            self._changes_checked = self.check_occurrence_changes()
        return valid and self._changes_checked

    def check_occurrence_changes(self):
        """Make each row's times aware in the event's zone and check them against the
        series. Rows wait until the event's own time fields are valid."""
        if any(name in self.errors for name in PAGE_TIME_FIELDS):
            return True
        page = self.instance
        try:
            zone = recurrence.get_zone(page.time_zone)
        except ValidationError:
            return True
        formset = self.formsets["occurrence_changes"]
        valid = True
        seen = set()
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if not form.is_valid():
                continue
            change = form.instance
            try:
                for name in CHANGE_TIME_FIELDS:
                    value = getattr(change, name)
                    if value is not None and timezone.is_naive(value):
                        setattr(change, name, recurrence.localise(value, zone))
            except ValidationError as error:
                form.add_error(name, error)
                valid = False
                continue
            try:
                change.check_against(page)
            except ValidationError as error:
                form.add_error(None, error)
                valid = False
                continue
            if change.original_start in seen:
                form.add_error(
                    "original_start", _("This date already has a row above. Keep one row per date.")
                )
                valid = False
            seen.add(change.original_start)
        return valid
