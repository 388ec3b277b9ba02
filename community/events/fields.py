"""Date-times that editors type as wall-clock time in the event's own time zone.

Django's form field reads and shows a date-time in the editor's active zone. An
organiser in London typing the start of a New York chat means New York time, so
these fields keep the typed value naive; EventPage.clean (and EventPageForm for
the cancelled-or-moved rows) makes it aware in the event's zone."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime


class WallClockFormField(forms.DateTimeField):
    # Set by the form to the event's zone, so saved values show as wall-clock time there.
    zone = datetime.UTC

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return timezone.make_naive(value, self.zone) if timezone.is_aware(value) else value
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day)
        value = str(value).strip()
        try:
            result = parse_datetime(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if result is None:
            # The admin widget's own format, and Django's input formats.
            result = BaseTemporalField.to_python(self, value)
        if timezone.is_aware(result):
            result = timezone.make_naive(result, self.zone)
        return result

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone)
        return value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return self.prepare_value(initial) != data


class WallClockDateTimeField(models.DateTimeField):
    """A DateTimeField (stored in UTC) whose admin form field speaks wall-clock time."""

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": WallClockFormField})
