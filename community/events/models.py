from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.models import BasePage

from . import occurrences, recurrence
from .fields import WallClockDateTimeField
from .forms import EventPageForm, RecurrencePicker, TimeZoneSelect

KEY_PATTERN = r"(?P<key>\d{8}T\d{6}Z)"
INDEX_WEEKS = 8


class CommunityIndexPage(BasePage):
    """Every community of practice, with what each is about and when it meets next."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.CommunityPage"]

    class Meta:
        verbose_name = _("community index page")

    def get_context(self, request, *args, **kwargs):
        from .listings import community_cards

        context = super().get_context(request, *args, **kwargs)
        context["communities"] = community_cards(self, request)
        return context


class CommunityPage(RoutablePageMixin, BasePage):
    """A community of practice: a domain people care about, the people who meet
    around it, and their events."""

    domain = models.CharField(
        _("domain"),
        max_length=255,
        help_text=_("What the community is about: the shared topic or problem, in a line."),
    )
    purpose = models.TextField(
        _("purpose"), help_text=_("Why the community meets and what members get from it.")
    )
    description = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("description"))

    content_panels = BasePage.content_panels + [
        FieldPanel("domain"),
        FieldPanel("purpose"),
        FieldPanel("description"),
        InlinePanel("community_organisers", label=_("Organiser"), heading=_("Organisers")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("domain", boost=2),
        index.SearchField("purpose"),
        index.SearchField("description"),
    ]

    parent_page_types = ["events.CommunityIndexPage"]
    subpage_types = ["events.EventPage"]
    # Member counts and the next dates change as people join and RSVP.
    cache_max_age = 60

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def get_organiser_profiles(self):
        return [link.organiser for link in self.community_organisers.select_related("organiser__photo")]

    def get_organiser_user_ids(self):
        # Iterating the relation also works for the unsaved copy an editor previews.
        ids = {link.organiser.user_id for link in self.community_organisers.select_related("organiser")}
        ids.discard(None)
        if self.owner_id:
            ids.add(self.owner_id)
        return ids

    def get_author_user_ids(self):
        return self.get_organiser_user_ids()

    def get_events(self):
        return EventPage.objects.child_of(self).live().public()

    def is_member(self, user):
        return user.is_authenticated and self.members.filter(user=user).exists()

    def get_context(self, request, *args, **kwargs):
        from .listings import community_context

        context = super().get_context(request, *args, **kwargs)
        context.update(community_context(self, request))
        return context

    @path("join/", name="join")
    def join(self, request):
        from .views import join_community

        return join_community(request, self)

    @path("leave/", name="leave")
    def leave(self, request):
        from .views import leave_community

        return leave_community(request, self)


class CommunityOrganiser(Orderable):
    page = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="community_organisers")
    organiser = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="community_organiser_links",
    )

    panels = [FieldPanel("organiser")]

    class Meta(Orderable.Meta):
        verbose_name = _("community organiser")
        constraints = [
            models.UniqueConstraint(fields=["page", "organiser"], name="events_community_organiser_once")
        ]


class CommunityMember(models.Model):
    """A signed-in user who has joined a community."""

    community = models.ForeignKey(
        CommunityPage, verbose_name=_("community"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["-joined_at"]
        verbose_name = _("community member")
        verbose_name_plural = _("community members")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="events_member_once")]

    def __str__(self):
        return f"{self.user} in {self.community}"


class EventIndexPage(BasePage):
    """What is on: the next eight weeks of occurrences across every community."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    weeks_shown = INDEX_WEEKS
    occurrences_per_page = 30

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        from .listings import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(self, request))
        return context


class EventPage(occurrences.LocalTimes, RoutablePageMixin, BasePage):
    """An event, once or recurring, online or in person, with RSVPs per occurrence."""

    class AttendanceMode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("In person and online")

    class Stage(models.TextChoices):
        # The stages a community of practice goes through, which an event can serve.
        MEETING = "meeting", _("Meeting")
        SITTING_TOGETHER = "sitting_together", _("Sitting together")
        INTERACTION = "interaction", _("Interaction and sharing")
        JOINT_DECISIONS = "joint_decisions", _("Joint decisions")
        JOINT_IMPLEMENTATION = "joint_implementation", _("Joint implementation")
        CELEBRATING = "celebrating", _("Celebrating success")

    description = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("description"))
    start = WallClockDateTimeField(
        _("starts"),
        help_text=_("In the event's time zone. For a recurring event, the first occurrence."),
    )
    end = WallClockDateTimeField(
        _("ends"), help_text=_("In the event's time zone. For a recurring event, when the first one ends.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        help_text=_("Where the event happens or is hosted from, such as America/New_York."),
    )
    recurrence = models.CharField(
        _("repeats"),
        max_length=255,
        blank=True,
        help_text=_(
            "Choose how the event repeats; the dates below are worked out in the event's time zone. "
            "Saved as an iCalendar RRULE (weekly on Tuesdays: FREQ=WEEKLY;BYDAY=TU), which you can also type."
        ),
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.ONLINE
    )
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("The video call. Shown only to people who are going, never in calendar files."),
    )
    join_instructions = models.TextField(
        _("joining instructions"),
        blank=True,
        help_text=_("Passcode, dial-in numbers and the like. Shown only to people who are going."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats per occurrence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. When it is full, people join a waiting list."),
    )
    stage = models.CharField(
        _("community stage"),
        max_length=30,
        choices=Stage.choices,
        default=Stage.INTERACTION,
        help_text=_("The stage of community life this event serves."),
    )
    last_ends_at = models.DateTimeField(
        _("last occurrence ends"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept up to date on save; empty when the series never ends."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("time_zone", widget=TimeZoneSelect),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("recurrence", widget=RecurrencePicker),
            ],
            heading=_("When"),
        ),
        InlinePanel(
            "occurrence_changes",
            heading=_("Cancelled or moved dates"),
            label=_("Cancelled or moved date"),
            help_text=_("Times are in the event's time zone."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("join_url"),
                FieldPanel("join_instructions"),
                FieldPanel("venue_name"),
                FieldPanel("address"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel([FieldPanel("capacity"), FieldPanel("stage")], heading=_("Attendance")),
        InlinePanel("event_organisers", label=_("Organiser"), heading=_("Organisers")),
        HelpPanel(
            _(
                "Organisers, Editors and Moderators see who is coming under Event attendance in the "
                "admin menu."
            )
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("venue_name"),
        index.SearchField("address"),
        index.FilterField("start"),
        index.FilterField("last_ends_at"),
    ]

    base_form_class = EventPageForm
    parent_page_types = ["events.CommunityPage", "events.EventIndexPage"]
    subpage_types = []
    # Seat counts change as people RSVP.
    cache_max_age = 60
    next_occurrences_shown = 8

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start", "last_ends_at"], name="events_event_window")]

    # --- time and recurrence -------------------------------------------------

    @property
    def zone(self):
        try:
            return ZoneInfo(self.time_zone)
        except (ValueError, KeyError, OSError):
            return UTC

    @property
    def is_recurring(self):
        return bool(self.recurrence)

    @property
    def is_online(self):
        return self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.HYBRID)

    @property
    def is_in_person(self):
        return self.attendance_mode in (self.AttendanceMode.IN_PERSON, self.AttendanceMode.HYBRID)

    def changes_by_original_start(self):
        """Cancelled or moved dates keyed by original start (UTC); the first row wins."""
        changes = {}
        for change in self.occurrence_changes.all():
            if change.original_start and timezone.is_aware(change.original_start):
                changes.setdefault(change.original_start.astimezone(UTC), change)
        return changes

    def occurrences_between(self, after, before, include_cancelled=False):
        return occurrences.occurrences_between(self, after, before, include_cancelled)

    def next_occurrences(self, limit=None, include_cancelled=False):
        return occurrences.next_occurrences(
            self, limit or self.next_occurrences_shown, None, include_cancelled
        )

    def get_occurrence(self, original_start):
        return occurrences.get_occurrence(self, original_start)

    def get_occurrence_by_key(self, key):
        original_start = recurrence.parse_occurrence_key(key)
        return self.get_occurrence(original_start) if original_start else None

    def get_occurrence_url(self, key, request=None):
        return (self.get_url(request=request) or "") + self.reverse_subpage("occurrence", args=[key])

    # --- validation ----------------------------------------------------------

    def clean(self):
        super().clean()
        self._drop_microseconds()
        errors = {}
        zone = None
        try:
            zone = recurrence.get_zone(self.time_zone)
            self.time_zone = zone.key
        except ValidationError as error:
            errors["time_zone"] = error
        if zone is not None:
            for name in ("start", "end"):
                value = getattr(self, name)
                if value is not None and timezone.is_naive(value):
                    try:
                        setattr(self, name, recurrence.localise(value, zone))
                    except ValidationError as error:
                        errors[name] = error
        if self.start and self.end and "start" not in errors and "end" not in errors:
            comparable = zone is not None or timezone.is_naive(self.start) == timezone.is_naive(self.end)
            if comparable and self.end <= self.start:
                errors["end"] = ValidationError(
                    _("The event must end after it starts. Check the end date and time."),
                    code="end_before_start",
                )
        try:
            self.recurrence = recurrence.normalise_rule(self.recurrence)
        except ValidationError as error:
            errors["recurrence"] = error
        if (
            self.recurrence
            and zone is not None
            and self.start
            and "recurrence" not in errors
            and "start" not in errors
        ):
            self._check_start_is_first_occurrence(zone, errors)
        if (
            self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.HYBRID)
            and not self.join_url
        ):
            errors["join_url"] = ValidationError(
                _("An online event needs a join link. It is shown only to people who are going.")
            )
        if self.attendance_mode in (self.AttendanceMode.IN_PERSON, self.AttendanceMode.HYBRID) and not (
            self.venue_name or self.address
        ):
            errors["venue_name"] = ValidationError(_("An in-person event needs a venue or an address."))
        if errors:
            raise ValidationError(errors)

    def _check_start_is_first_occurrence(self, zone, errors):
        wall_start = recurrence.to_wall(self.start, zone)
        first = recurrence.first_wall_start(self.recurrence, wall_start, zone)
        if first is None:
            errors["recurrence"] = ValidationError(
                _("This rule never produces a date after the start. Check UNTIL and COUNT."),
                code="empty_rrule",
            )
        elif first != wall_start:
            errors["start"] = ValidationError(
                _(
                    "The start (%(start)s) is not one of the rule's dates. Start the series on its first "
                    "date, for example %(first)s."
                )
                % {
                    "start": recurrence.describe_wall_time(wall_start),
                    "first": recurrence.describe_wall_time(first),
                },
                code="start_not_in_rule",
            )

    def _drop_microseconds(self):
        # dateutil's rrule works to the second; keep DTSTART equal to the first occurrence.
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and value.microsecond:
                setattr(self, name, value.replace(microsecond=0))

    def save(self, *args, **kwargs):
        self._drop_microseconds()
        if self.start and self.end and timezone.is_aware(self.start) and self.end > self.start:
            try:
                self.last_ends_at = occurrences.series_last_end(self)
            except (ValueError, ValidationError):
                self.last_ends_at = None
        return super().save(*args, **kwargs)

    # --- people --------------------------------------------------------------

    @cached_property
    def community(self):
        parent = self.get_parent()
        return parent.specific if parent and parent.specific_class is CommunityPage else None

    def get_organiser_profiles(self):
        return [link.organiser for link in self.event_organisers.select_related("organiser__photo")]

    def get_organiser_user_ids(self):
        """Who runs this event: its organisers, its community's organisers and its owner."""
        # Iterating the relation also works for the unsaved copy an editor previews.
        ids = {link.organiser.user_id for link in self.event_organisers.select_related("organiser")}
        ids.discard(None)
        if self.owner_id:
            ids.add(self.owner_id)
        parent = self.get_parent()
        if parent and parent.specific_class is CommunityPage:
            ids |= set(
                CommunityOrganiser.objects.filter(
                    page_id=parent.pk, organiser__user__isnull=False
                ).values_list("organiser__user_id", flat=True)
            )
        return ids

    def get_author_user_ids(self):
        return self.get_organiser_user_ids()

    # --- routes --------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .listings import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context

    @re_path(rf"^{KEY_PATTERN}/$", name="occurrence")
    def occurrence_view(self, request, key):
        from .views import occurrence_detail

        return occurrence_detail(request, self, key)

    @re_path(rf"^{KEY_PATTERN}/rsvp/$", name="rsvp")
    def rsvp_view(self, request, key):
        from .views import rsvp

        return rsvp(request, self, key)

    @re_path(rf"^{KEY_PATTERN}/cancel/$", name="cancel_rsvp")
    def cancel_rsvp_view(self, request, key):
        from .views import cancel_rsvp

        return cancel_rsvp(request, self, key)


class EventOrganiser(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="event_organisers")
    organiser = models.ForeignKey(
        "people.ContributorProfile",
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="event_organiser_links",
    )

    panels = [FieldPanel("organiser")]

    class Meta(Orderable.Meta):
        verbose_name = _("event organiser")
        constraints = [
            models.UniqueConstraint(fields=["page", "organiser"], name="events_event_organiser_once")
        ]


class EventOccurrenceChange(Orderable):
    """One date of a recurring event cancelled or moved. Times are wall-clock in the
    event's zone in the editor and stored in UTC."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrence_changes")
    original_start = WallClockDateTimeField(
        _("original start"), help_text=_("When this date was due to start, as the series has it.")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_start = WallClockDateTimeField(
        _("new start"), null=True, blank=True, help_text=_("Leave empty when the date is cancelled.")
    )
    new_end = WallClockDateTimeField(
        _("new end"), null=True, blank=True, help_text=_("Leave empty to keep the usual length.")
    )
    note = models.CharField(
        _("note for visitors"),
        max_length=200,
        blank=True,
        help_text=_("For example: No chat this week: the organisers are at KM World."),
    )

    panels = [
        FieldRowPanel([FieldPanel("original_start"), FieldPanel("cancelled")]),
        FieldRowPanel([FieldPanel("new_start"), FieldPanel("new_end")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("cancelled or moved date")
        verbose_name_plural = _("cancelled or moved dates")

    def __str__(self):
        return f"{self.original_start:%Y-%m-%d %H:%M} ({'cancelled' if self.cancelled else 'moved'})"

    def check_against(self, page):
        """Raise a ValidationError unless this row cancels or moves a real date of the page."""
        errors = {}
        if self.cancelled and (self.new_start or self.new_end):
            errors["new_start"] = _(
                "A cancelled date has no new time: clear the new start and end, or untick cancelled."
            )
        elif not self.cancelled and not self.new_start:
            errors["new_start"] = _("Give the new start, or tick cancelled.")
        elif self.new_start and self.new_end and self.new_end <= self.new_start:
            errors["new_end"] = _("The new end must be after the new start.")
        if self.original_start and not occurrences.is_original_start(page, self.original_start):
            local = self.original_start.astimezone(page.zone)
            errors["original_start"] = _(
                "No date of this event starts at %(time)s (%(zone)s). Use the date and time it was due to start."
            ) % {"time": recurrence.describe_wall_time(local.replace(tzinfo=None)), "zone": page.zone.key}
        if errors:
            raise ValidationError(errors)


class EventOccurrence(models.Model):
    """An occurrence someone has responded to. Its row is locked while seats are
    given out, so capacity holds under concurrent RSVPs."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="occurrence_rows")
    start = models.DateTimeField(_("original start"))
    announced_change = models.CharField(
        _("announced change"),
        max_length=64,
        blank=True,
        help_text=_(
            "The cancellation or move last emailed to the people who answered (see occurrences.change_signature)."
        ),
    )

    class Meta:
        verbose_name = _("event occurrence")
        constraints = [models.UniqueConstraint(fields=["event", "start"], name="events_occurrence_once")]

    def __str__(self):
        return f"{self.event} at {self.start:%Y-%m-%d %H:%M} UTC"


class RSVPQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[RSVP.Status.GOING, RSVP.Status.WAITLISTED])

    def for_occurrence(self, event, original_start):
        return self.filter(event=event, occurrence_start=original_start)

    def upcoming_for(self, user):
        """The user's active RSVPs whose date may still be ahead (moves allowed for)."""
        return self.active().filter(user=user, occurrence_start__gte=timezone.now() - timedelta(days=31))

    def visible_to(self, user):
        from .access import events_visible_to

        return self.filter(event__in=events_visible_to(user))


class RSVP(models.Model):
    """A person's answer for one occurrence of an event."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rsvps"
    )
    occurrence_start = models.DateTimeField(
        _("occurrence"), help_text=_("The occurrence's original start, in UTC.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_rsvps",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    responded_at = models.DateTimeField(
        _("responded"), default=timezone.now, help_text=_("The waiting list is served in this order.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RSVPQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence_start", "responded_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence_start", "user"], name="events_rsvp_one_per_person_occurrence"
            )
        ]
        indexes = [models.Index(fields=["event", "occurrence_start", "status"], name="events_rsvp_roster")]

    def __str__(self):
        return f"{self.user} · {self.event} · {self.occurrence_start:%Y-%m-%d %H:%M} UTC · {self.status}"

    @property
    def occurrence_key(self):
        return recurrence.occurrence_key(self.occurrence_start)

    @property
    def is_active(self):
        return self.status in (self.Status.GOING, self.Status.WAITLISTED)


class EventReminder(models.Model):
    """A reminder sent to one person for one date. The row is written in the same
    transaction that queues the email, so a reminder goes out once however often,
    or however concurrently, the reminder task runs."""

    class Kind(models.TextChoices):
        DAY = "day", _("A day before")
        HOUR = "hour", _("An hour before")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="reminders")
    occurrence_start = models.DateTimeField(
        _("occurrence"), help_text=_("The occurrence's original start, in UTC.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("event reminder")
        verbose_name_plural = _("event reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence_start", "user", "kind"], name="events_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.event} · {self.occurrence_start:%Y-%m-%d %H:%M} UTC · {self.kind}"


def live_events():
    return EventPage.objects.live().public()


def events_in_window(after, before):
    """Live public events that may have an occurrence overlapping [after, before)."""
    return live_events().filter(Q(last_ends_at__isnull=True) | Q(last_ends_at__gt=after), start__lt=before)
