"""Demo communities and events: a weekly online chat in New York time, a monthly
Hong Kong meet-up, a small workshop with a waiting list and a site-wide
celebration, with a few members and RSVPs. Dates are relative to today; safe to run twice."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, TH, rrule
from django.utils import timezone

from community.people.models import ContributorProfile
from home.models import HomePage
from portal.demo import demo_image, demo_user, get_or_add_child

from . import rsvp as seats
from .models import (
    CommunityIndexPage,
    CommunityMember,
    CommunityOrganiser,
    CommunityPage,
    EventIndexPage,
    EventOccurrenceChange,
    EventOrganiser,
    EventPage,
)

NEW_YORK = ZoneInfo("America/New_York")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
LEARNERS = [
    ("nadia@kmp.example", "Nadia", "Haddad"),
    ("kenji@kmp.example", "Kenji", "Sato"),
    ("grace@kmp.example", "Grace", "Mensah"),
]


def _paragraph(html):
    return [("paragraph", html)]


def _profile(slug):
    return ContributorProfile.objects.select_related("user").filter(slug=slug).first()


def _owner(profile):
    return profile.user if profile and profile.user else None


def weekly_chat_start():
    """12:00 New York time on the Tuesday four weeks before this week's."""
    today = timezone.now().astimezone(NEW_YORK).date()
    this_tuesday = today - timedelta(days=(today.weekday() - 1) % 7)
    return datetime.combine(this_tuesday - timedelta(weeks=4), time(12), tzinfo=NEW_YORK)


def meetup_start():
    """19:00 Hong Kong time on the third Thursday, two months back."""
    today = timezone.now().astimezone(HONG_KONG).date()
    month_start = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    third_thursday = rrule(MONTHLY, byweekday=TH(3), dtstart=datetime.combine(month_start, time(19)))[0]
    return third_thursday.replace(tzinfo=HONG_KONG)


def seed_events(command):
    home = HomePage.objects.first()
    if home is None:
        command.note("Events: no home page, skipped.")
        return
    amara, li = _profile("amara-okafor"), _profile("li-wei")
    organiser_user = demo_user("organiser@kmp.example", "Olga", "Organiser")
    learners = [demo_user(email, first, last) for email, first, last in LEARNERS]
    nadia, kenji, grace = learners
    sofia = _profile("sofia-marquez")
    tom = _profile("tom-becker")

    events_index = get_or_add_child(
        home,
        EventIndexPage,
        "events",
        title="Events",
        show_in_menus=True,
        introduction="Chats, meet-ups and workshops run by KMP's communities of practice.",
    )
    communities_index = get_or_add_child(
        home,
        CommunityIndexPage,
        "communities",
        title="Communities",
        show_in_menus=True,
        introduction="Communities of practice: people who share a concern and learn how to do it better by meeting regularly.",
    )

    kmers = get_or_add_child(
        communities_index,
        CommunityPage,
        "kmers-weekly-chat",
        title="KMers weekly chat",
        owner=_owner(amara),
        domain="Knowledge management practice, week by week",
        purpose="An hour each Tuesday to bring a question from your work, hear how others handled it and leave with one thing to try.",
        listing_summary="A weekly online chat for KM practitioners everywhere.",
        listing_image=demo_image("KMers weekly chat"),
        community_organisers=[CommunityOrganiser(organiser=amara)] if amara else [],
    )
    hong_kong = get_or_add_child(
        communities_index,
        CommunityPage,
        "hong-kong-km-practitioners",
        title="Hong Kong KM practitioners",
        owner=_owner(li),
        domain="Knowledge management in Hong Kong organisations",
        purpose="We meet in person once a month to share lessons learned, visit each other's workplaces and run small experiments together.",
        listing_summary="A monthly in-person meet-up in Hong Kong.",
        listing_image=demo_image("Hong Kong KM practitioners"),
        community_organisers=[CommunityOrganiser(organiser=li)] if li else [],
    )

    chat_start = weekly_chat_start()
    this_tuesday = chat_start + timedelta(weeks=4)
    cancelled_start = this_tuesday + timedelta(weeks=3)
    moved_start = this_tuesday + timedelta(weeks=5)
    weekly = get_or_add_child(
        kmers,
        EventPage,
        "weekly-chat",
        title="Weekly chat",
        owner=_owner(amara),
        listing_summary="Bring a question from your work; leave with one thing to try.",
        description=_paragraph(
            "<p>Each week one member opens with a five-minute story from their work, then we talk. "
            "New people are always welcome: you can listen first.</p>"
        ),
        time_zone="America/New_York",
        start=chat_start,
        end=chat_start + timedelta(hours=1),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        join_url="https://video.kmp.example/kmers-weekly-chat",
        join_instructions="Passcode: 4417. Cameras optional.",
        capacity=25,
        stage=EventPage.Stage.INTERACTION,
        event_organisers=[EventOrganiser(organiser=amara)] if amara else [],
        occurrence_changes=[
            EventOccurrenceChange(
                original_start=cancelled_start,
                cancelled=True,
                note="No chat this week: the organisers are at a conference.",
            ),
            EventOccurrenceChange(
                original_start=moved_start,
                new_start=moved_start + timedelta(days=1),
                new_end=moved_start + timedelta(days=1, hours=1),
                note="Moved to Wednesday for a guest speaker.",
            ),
        ],
    )

    meetup_first = meetup_start()
    meetup = get_or_add_child(
        hong_kong,
        EventPage,
        "monthly-meet-up",
        title="Hong Kong KM meet-up",
        owner=_owner(li),
        listing_summary="An evening of lessons learned, with tea.",
        description=_paragraph("<p>On the third Thursday of each month. Members take turns to host.</p>"),
        time_zone="Asia/Hong_Kong",
        start=meetup_first,
        end=meetup_first + timedelta(hours=2),
        recurrence="FREQ=MONTHLY;BYDAY=3TH",
        attendance_mode=EventPage.AttendanceMode.IN_PERSON,
        venue_name="Hong Kong Central Library, Activity Room 2",
        address="66 Causeway Road, Causeway Bay, Hong Kong",
        capacity=20,
        stage=EventPage.Stage.SITTING_TOGETHER,
        event_organisers=[EventOrganiser(organiser=li)] if li else [],
    )

    workshop_day = timezone.now().astimezone(HONG_KONG).date() + timedelta(days=10)
    workshop_start = datetime.combine(workshop_day, time(10), tzinfo=HONG_KONG)
    workshop = get_or_add_child(
        hong_kong,
        EventPage,
        "after-action-review-workshop",
        title="After-action reviews: a hands-on workshop",
        owner=_owner(li),
        listing_summary="Run your first after-action review with people who have run hundreds.",
        description=_paragraph("<p>A small room on purpose: three seats, lots of practice.</p>"),
        time_zone="Asia/Hong_Kong",
        start=workshop_start,
        end=workshop_start + timedelta(hours=3),
        attendance_mode=EventPage.AttendanceMode.IN_PERSON,
        venue_name="KMP Hong Kong office",
        address="12/F, 28 Hennessy Road, Wan Chai, Hong Kong",
        capacity=3,
        stage=EventPage.Stage.JOINT_IMPLEMENTATION,
        event_organisers=[EventOrganiser(organiser=li)] if li else [],
    )

    celebration_start = (timezone.now() + timedelta(weeks=6)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    get_or_add_child(
        events_index,
        EventPage,
        "kmp-annual-celebration",
        title="KMP annual celebration",
        owner=organiser_user,
        listing_summary="A year of KMP: thank-yous, stories and what comes next.",
        description=_paragraph("<p>An open online gathering for every KMP member and friend.</p>"),
        time_zone="UTC",
        start=celebration_start,
        end=celebration_start + timedelta(hours=1, minutes=30),
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        join_url="https://video.kmp.example/kmp-celebration",
        stage=EventPage.Stage.CELEBRATING,
    )

    for community, members in ((kmers, [nadia, kenji]), (hong_kong, [grace, kenji])):
        for user in members:
            CommunityMember.objects.get_or_create(community=community, user=user)

    chat_dates = weekly.next_occurrences(limit=2)
    meetup_dates = meetup.next_occurrences(limit=1)
    workshop_dates = workshop.next_occurrences(limit=1)
    answers = []
    if chat_dates:
        others = [profile.user for profile in (sofia, tom) if profile and profile.user]
        answers += [(weekly, chat_dates[0], user) for user in [nadia, kenji, *others]]
    if len(chat_dates) > 1:
        answers.append((weekly, chat_dates[1], nadia))
    if meetup_dates:
        answers += [(meetup, meetup_dates[0], user) for user in (grace, kenji)]
    if workshop_dates:
        # Three seats and four people: the last one waits.
        waiting = sofia.user if sofia and sofia.user else organiser_user
        answers += [(workshop, workshop_dates[0], user) for user in (nadia, kenji, grace, waiting)]
    for event, occurrence, user in command.progress(answers, "RSVPs"):
        seats.respond(event, occurrence, user, notify=False)

    command.note(
        f"Events: {events_index.url} lists the next 8 weeks; amara@kmp.example sees who is coming to the "
        "weekly chat under Event attendance in the admin."
    )
