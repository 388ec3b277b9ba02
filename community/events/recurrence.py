"""Time zones and RFC 5545 recurrence rules for events.

Occurrences are expanded as wall-clock times in the event's own zone and only then
made aware, so noon in New York stays noon in New York across daylight-saving changes."""

import re
from datetime import MAXYEAR, MINYEAR, UTC, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
KNOWN_PARTS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
MAX_COUNT = 1000
MAX_INTERVAL = 999
UNTIL_FORMATS = (
    (re.compile(r"^\d{8}$"), "%Y%m%d"),
    (re.compile(r"^\d{8}T\d{6}$"), "%Y%m%dT%H%M%S"),
    (re.compile(r"^\d{8}T\d{6}Z$"), "%Y%m%dT%H%M%SZ"),
)
RULE_EXAMPLE = "FREQ=WEEKLY;BYDAY=TU"
KEY_FORMAT = "%Y%m%dT%H%M%SZ"


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def get_zone(name):
    """The ZoneInfo for an IANA name, or a ValidationError that says what to type."""
    name = (name or "").strip()
    try:
        if not name or name not in available_timezones() and name != "UTC":
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _(
                "“%(name)s” is not a known time zone. Use an IANA name such as Europe/London or America/New_York."
            )
            % {"name": name},
            code="unknown_time_zone",
        )


def describe_wall_time(value):
    return date_format(value, "D j M Y, H:i")


def localise(wall_time, zone):
    """An aware datetime for a wall-clock time in a zone; refuses times the clocks skip."""
    aware = wall_time.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall_time:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks go forward then. Choose another time.")
            % {"time": describe_wall_time(wall_time), "zone": zone.key},
            code="nonexistent_time",
        )
    return aware


def occurrence_key(original_start):
    """The compact UTC form of an occurrence's original start, used in URLs."""
    return original_start.astimezone(UTC).strftime(KEY_FORMAT)


def parse_occurrence_key(key):
    """The instant a key names, or None. The first and last years are no event's: looking
    an occurrence up adds a day's margin and a zone's offset, which would leave datetime's range."""
    try:
        moment = datetime.strptime(key, KEY_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return moment if MINYEAR < moment.year < MAXYEAR else None


def rule_parts(rule):
    """The NAME=VALUE parts of a rule, in order, upper-cased."""
    parts = []
    for chunk in rule.split(";"):
        if not chunk:
            continue
        name, sep, value = chunk.partition("=")
        if not sep or not name or not value:
            raise ValidationError(
                _("“%(part)s” is not a NAME=VALUE part of a recurrence rule. Example: %(example)s")
                % {"part": chunk, "example": RULE_EXAMPLE},
                code="invalid_rrule",
            )
        parts.append((name, value))
    return parts


def normalise_rule(text):
    """A clean RRULE value (no "RRULE:" prefix, upper case) or a ValidationError.

    Checks what dateutil lets through but RFC 5545 or a sane calendar does not:
    sub-daily frequencies, COUNT with UNTIL, zero intervals, unbounded counts."""
    rule = re.sub(r"\s+", "", text or "").upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        return ""
    parts = rule_parts(rule)
    names = [name for name, _value in parts]
    values = dict(parts)
    unknown = [name for name in names if name not in KNOWN_PARTS]
    if unknown:
        raise ValidationError(
            _("The recurrence rule has an unknown part: %(parts)s. Example: %(example)s")
            % {"parts": ", ".join(unknown), "example": RULE_EXAMPLE},
            code="invalid_rrule",
        )
    if len(set(names)) != len(names):
        raise ValidationError(
            _("Each part of the recurrence rule may appear only once."), code="invalid_rrule"
        )
    if values.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("The recurrence rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY. Example: %(example)s")
            % {"example": RULE_EXAMPLE},
            code="invalid_rrule",
        )
    if "COUNT" in values and "UNTIL" in values:
        raise ValidationError(
            _("A recurrence rule can end with COUNT or with UNTIL, not both."), code="invalid_rrule"
        )
    for name, upper in (("COUNT", MAX_COUNT), ("INTERVAL", MAX_INTERVAL)):
        if name in values and not (values[name].isdigit() and 1 <= int(values[name]) <= upper):
            raise ValidationError(
                _("%(name)s must be a whole number from 1 to %(upper)s.") % {"name": name, "upper": upper},
                code="invalid_rrule",
            )
    if "UNTIL" in values:
        parse_until(values["UNTIL"])
    rule = ";".join(f"{name}={value}" for name, value in parts)
    try:
        rrulestr(f"RRULE:{_rule_for_expansion(rule, ZoneInfo('UTC'))}", dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationError(
            _("This is not a valid recurrence rule (%(detail)s). Example: %(example)s")
            % {"detail": error, "example": RULE_EXAMPLE},
            code="invalid_rrule",
        )
    return rule


def parse_until(value):
    for pattern, fmt in UNTIL_FORMATS:
        if pattern.match(value):
            try:
                parsed = datetime.strptime(value, fmt)
            except ValueError:
                break
            if fmt.endswith("Z"):
                return parsed.replace(tzinfo=UTC)
            if fmt == "%Y%m%d":
                # A date means "up to and including that day".
                return datetime.combine(parsed.date(), time(23, 59, 59))
            return parsed
    raise ValidationError(
        _("UNTIL must be a date such as 20261231 or a UTC time such as 20261231T235959Z."),
        code="invalid_rrule",
    )


def until_in_zone(value, zone):
    """UNTIL as a naive wall-clock time in the event's zone."""
    until = parse_until(value)
    if until.tzinfo is not None:
        return until.astimezone(zone).replace(tzinfo=None)
    return until


def until_in_utc(value, zone):
    """UNTIL as RFC 5545 wants it beside a DTSTART with TZID: a UTC time."""
    until = parse_until(value)
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone)
    return until.astimezone(UTC)


def _rule_for_expansion(rule, zone):
    parts = []
    for name, value in rule_parts(rule):
        if name == "UNTIL":
            value = until_in_zone(value, zone).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{name}={value}")
    return ";".join(parts)


def rule_for_ical(rule, zone):
    """The rule with UNTIL in UTC, as a calendar file expects it."""
    parts = []
    for name, value in rule_parts(rule):
        if name == "UNTIL":
            value = until_in_utc(value, zone).strftime(KEY_FORMAT)
        parts.append(f"{name}={value}")
    return ";".join(parts)


def build_rule(rule, wall_start, zone):
    """A dateutil rrule yielding naive wall-clock starts in the zone."""
    return rrulestr(f"RRULE:{_rule_for_expansion(rule, zone)}", dtstart=wall_start)


def first_wall_start(rule, wall_start, zone):
    """The rule's first start on or after DTSTART, or None."""
    return build_rule(rule, wall_start, zone).after(wall_start, inc=True)


def last_wall_start(rule, wall_start, zone):
    """The rule's last start, or None when it never ends."""
    values = dict(rule_parts(rule))
    if "COUNT" not in values and "UNTIL" not in values:
        return None
    starts = list(build_rule(rule, wall_start, zone))
    return starts[-1] if starts else wall_start


def wall_starts_between(rule, wall_start, zone, after, before):
    """Naive wall-clock starts s with after <= s <= before."""
    return build_rule(rule, wall_start, zone).between(after, before, inc=True)


def to_wall(value, zone):
    return value.astimezone(zone).replace(tzinfo=None)


WEEKDAYS = {
    "MO": _noop("Monday"),
    "TU": _noop("Tuesday"),
    "WE": _noop("Wednesday"),
    "TH": _noop("Thursday"),
    "FR": _noop("Friday"),
    "SA": _noop("Saturday"),
    "SU": _noop("Sunday"),
}
ORDINALS = {1: _noop("first"), 2: _noop("second"), 3: _noop("third"), 4: _noop("fourth"), -1: _noop("last")}
UNITS = {
    "DAILY": ("day", "days"),
    "WEEKLY": ("week", "weeks"),
    "MONTHLY": ("month", "months"),
    "YEARLY": ("year", "years"),
}


def _describe_day(code):
    match = re.fullmatch(r"([+-]?\d+)?([A-Z]{2})", code)
    if not match or match.group(2) not in WEEKDAYS:
        return code
    weekday = _(WEEKDAYS[match.group(2)])
    if match.group(1):
        ordinal = ORDINALS.get(int(match.group(1)))
        return f"{_('the')} {_(ordinal)} {weekday}" if ordinal else f"{match.group(1)} {weekday}"
    return weekday


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("and") + " " + items[-1]


def describe_rule(rule, zone):
    """A plain-English reading of common rules ("Every week on Tuesday"), or the rule itself."""
    try:
        values = dict(rule_parts(rule))
    except ValidationError:
        return rule
    unit = UNITS.get(values.get("FREQ"))
    if unit is None or set(values) - {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST", "BYMONTHDAY"}:
        return rule
    interval = int(values.get("INTERVAL", "1") or 1)
    text = (
        _("Every %(unit)s") % {"unit": _(unit[0])}
        if interval == 1
        else _("Every %(n)s %(unit)s")
        % {
            "n": interval,
            "unit": _(unit[1]),
        }
    )
    if "BYDAY" in values:
        text += " " + _("on") + " " + _join(_describe_day(day) for day in values["BYDAY"].split(","))
    if "BYMONTHDAY" in values:
        text += " " + _("on day %(days)s") % {"days": _join(values["BYMONTHDAY"].split(","))}
    if "COUNT" in values:
        text += ", " + _("%(count)s times") % {"count": values["COUNT"]}
    if "UNTIL" in values:
        until = until_in_zone(values["UNTIL"], zone)
        text += ", " + _("until %(date)s") % {"date": date_format(until, "j M Y")}
    return text


def preview(rule, wall_start, zone, limit):
    """The first `limit` wall-clock starts of a series (or the one start of a one-off),
    as aware datetimes in the zone; a ValidationError says what is wrong."""
    rule = normalise_rule(rule)
    if not rule:
        return rule, [localise(wall_start, zone)]
    starts = []
    for wall in build_rule(rule, wall_start, zone):
        try:
            starts.append(localise(wall, zone))
        except ValidationError:
            continue  # a time the clocks skip is no date of the series
        if len(starts) >= limit:
            break
    return rule, starts
