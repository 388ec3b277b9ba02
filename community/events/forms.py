from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.users.models import UserProfile

from community.people.models import ContributorProfile

from . import recurrence

CHANGE_TIME_FIELDS = ("original_start", "new_start", "new_end")
PAGE_TIME_FIELDS = ("start", "end", "time_zone", "recurrence")


def organiser_time_zone(user):
    """The zone a person set in their admin account settings, else the site's."""
    chosen = ""
    if user is not None and user.is_authenticated:
        chosen = UserProfile.objects.filter(user=user).values_list("current_time_zone", flat=True).first()
    return chosen or settings.TIME_ZONE


class TimeZoneSelect(forms.Select):
    """Every IANA zone by name, the likely ones first; the model validates what is sent."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=recurrence.time_zone_choices())

    def suggest(self, zones):
        """Put these zones (the organiser's, the site's, those events use) in a group at the top."""
        names = {name for name, _label in recurrence.time_zone_choices()}
        likely = [zone for zone in dict.fromkeys(zones) if zone in names]
        if likely:
            self.choices = [
                (_("Likely"), [(zone, zone.replace("_", " ")) for zone in likely]),
                (_("Every time zone"), recurrence.time_zone_choices()),
            ]


class RecurrencePicker(forms.TextInput):
    """Repeat controls that write the RRULE into the text input, with a live preview of
    the dates from the server (`admin_views.recurrence_preview`)."""

    picker_template_name = "events/widgets/recurrence_picker.html"

    class Media:
        js = ["js/recurrence-picker.js"]
        css = {"all": ["css/recurrence-picker.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates are not the form renderer's, so the controls around
        # the plain text input are rendered by the template engine.
        context = self.get_context(name, value, attrs)
        context["input"] = super().render(name, value, attrs, renderer)
        return render_to_string(self.picker_template_name, context)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        prefix = (attrs or {}).get("id", f"id_{name}").removesuffix(name)
        context.update(
            preview_url=reverse("events_recurrence_preview"),
            start_field_id=f"{prefix}start",
            zone_field_id=f"{prefix}time_zone",
            weekdays=[(code, _(label)[:3]) for code, label in recurrence.WEEKDAYS.items()],
            weekday_names=[(code, _(label)) for code, label in recurrence.WEEKDAYS.items()],
            ordinals=[(str(number), _(label)) for number, label in recurrence.ORDINALS.items()],
        )
        return context


class EventPageForm(WagtailAdminPageForm):
    """Shows and reads every date-time of the event as wall-clock time in the event's
    own zone, and checks each cancelled or moved date against the series. A new event
    starts in its creator's time zone with its creator as organiser."""

    def __init__(self, data=None, files=None, *args, instance=None, for_user=None, **kwargs):
        if instance is not None and instance.pk is None and data is None:
            self.prefill_new_event(instance, for_user)
        super().__init__(data, files, *args, instance=instance, for_user=for_user, **kwargs)
        zone = self.instance.zone
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].zone = zone
        if "time_zone" in self.fields and isinstance(self.fields["time_zone"].widget, TimeZoneSelect):
            self.fields["time_zone"].widget.suggest(self.likely_time_zones())
        for form in self.change_forms():
            for name in CHANGE_TIME_FIELDS:
                if name in form.fields:
                    form.fields[name].zone = zone
        self._changes_checked = None

    def likely_time_zones(self):
        from .models import EventPage

        used = EventPage.objects.order_by().values_list("time_zone", flat=True).distinct()[:20]
        return [
            self.instance.time_zone,
            organiser_time_zone(self.for_user),
            settings.TIME_ZONE,
            *sorted(used),
        ]

    @staticmethod
    def prefill_new_event(instance, user):
        from .models import EventOrganiser

        instance.time_zone = organiser_time_zone(user)
        profile = ContributorProfile.of(user)
        if profile is not None and not instance.event_organisers.all():
            # An unsaved child in the cluster renders as the first, filled-in organiser form.
            instance.event_organisers = [EventOrganiser(organiser=profile)]

    def save(self, commit=True):
        page = super().save(commit=False)
        if page.pk is None and not page.event_organisers.all():
            profile = ContributorProfile.of_or_create(self.for_user)
            if profile is not None:
                from .models import EventOrganiser

                page.event_organisers = [EventOrganiser(organiser=profile)]
        if commit:
            page.save()
        return page

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
