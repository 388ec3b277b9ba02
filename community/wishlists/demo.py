"""Demo content: the wish-list index, a bank that wants a lessons-learned practice, an
NGO that wants a community of practice, offers from the demo contributors (one of
them accepted) and their services. Safe to run twice."""

from community.people.models import ContributorProfile
from home.models import HomePage
from portal.demo import DEMO_PASSWORD, demo_user, get_or_add_child

from . import actions, notifications
from .models import Engagement, Offer, Service, WishItem, WishListIndexPage
from .moderation import set_up_wish_list_index

INDEX_SLUG = "wish-lists"

BUSINESSES = {
    "bank": ("lena.fischer@northbridge.example", "Lena", "Fischer"),
    "ngo": ("joseph.mwangi@cleanwater.example", "Joseph", "Mwangi"),
}

WISH_LISTS = [
    {
        "owner": "bank",
        "slug": "northbridge-bank-lessons-learned",
        "title": "Help us start a lessons-learned practice",
        "organisation": "Northbridge Bank",
        "problem": (
            "Our IT and change projects keep repeating the same mistakes. Project reviews are written, "
            "filed and never read again, and new project managers cannot find what earlier teams learned."
        ),
        "desired_outcomes": (
            "Every project captures lessons as it goes, not only at the end.\n"
            "Project managers look up relevant lessons before they start.\n"
            "Within a year, fewer repeated issues in our project audits."
        ),
        "items": [
            {
                "title": "Design a lessons-learned process for IT projects",
                "description": "A light process that fits our project gates, with templates and roles.",
                "topics": ["Lessons learned", "After-action reviews"],
                "skills": ["Facilitation"],
                "engagement": Engagement.PAID,
                "budget_min": 500_000,
                "budget_max": 1_500_000,
            },
            {
                "title": "Train project managers to run after-action reviews",
                "description": "Two half-day workshops for about twenty project managers.",
                "topics": ["After-action reviews", "Knowledge sharing"],
                "skills": ["Training"],
                "engagement": Engagement.EITHER,
            },
            {
                "title": "Set up a searchable lessons repository",
                "description": "A simple taxonomy and a place on our intranet where lessons can be found.",
                "topics": ["Taxonomy", "Lessons learned"],
                "skills": ["Information architecture"],
                "engagement": Engagement.PAID,
                "budget_min": 300_000,
                "budget_max": 800_000,
            },
        ],
    },
    {
        "owner": "ngo",
        "slug": "clean-water-alliance-community-of-practice",
        "title": "Start a community of practice for our field engineers",
        "organisation": "Clean Water Alliance",
        "problem": (
            "Our forty field engineers work alone in remote districts. When one solves a pump or water "
            "quality problem, the others never hear about it, and experienced engineers retire with what "
            "they know."
        ),
        "desired_outcomes": (
            "Engineers meet monthly (online) and help each other.\n"
            "Solutions to common problems are written down and shared across districts."
        ),
        "items": [
            {
                "title": "Facilitate the launch of a community of practice",
                "description": "Help us plan the first six months and facilitate the first meetings.",
                "topics": ["Communities of practice", "Knowledge sharing"],
                "skills": ["Facilitation"],
                "engagement": Engagement.VOLUNTEER,
            },
            {
                "title": "Capture retiring engineers' tacit knowledge",
                "description": "Story-based interviews with three engineers who retire this year.",
                "topics": ["Tacit knowledge", "Storytelling"],
                "engagement": Engagement.EITHER,
                "budget_max": 200_000,
            },
        ],
    },
]

# (wish-list slug, item position, contributor slug, what, how, message, accepted)
OFFERS = [
    (
        "northbridge-bank-lessons-learned",
        0,
        "li-wei",
        "A lessons-learned process piloted on three projects",
        Offer.How.PAID,
        "I set up the lessons-learned system at a Hong Kong insurer. I would start with three pilot "
        "projects, then adapt the process to your gates.",
        False,
    ),
    (
        "northbridge-bank-lessons-learned",
        1,
        "tom-becker",
        "Two after-action review workshops",
        Offer.How.VOLUNTEER,
        "I run after-action review training regularly and would be glad to volunteer for this.",
        False,
    ),
    (
        "clean-water-alliance-community-of-practice",
        0,
        "amara-okafor",
        "Launch and facilitate your community of practice for six months",
        Offer.How.VOLUNTEER,
        "I have launched communities of practice for health workers in similar conditions. "
        "Happy to volunteer.",
        True,
    ),
    (
        "clean-water-alliance-community-of-practice",
        1,
        "sofia-marquez",
        "Story-based knowledge capture interviews",
        Offer.How.VOLUNTEER,
        "Tacit knowledge is my research field; I would interview each engineer twice and write up their stories.",
        False,
    ),
]

# contributor slug -> [(title, kind, description, topics)]
SERVICES = {
    "amara-okafor": [
        (
            "Community-of-practice launch coaching",
            Service.Kind.VOLUNTEER,
            "Three coaching calls to plan and launch a community of practice.",
            ["communities of practice", "facilitation"],
        ),
    ],
    "li-wei": [
        (
            "Lessons-learned system review",
            Service.Kind.PAID,
            "A two-week review of how your organisation captures and reuses lessons, with a written plan.",
            ["lessons learned", "after-action reviews"],
        ),
        (
            "Taxonomy clinic",
            Service.Kind.VOLUNTEER,
            "An hour's clinic on your intranet taxonomy, free for non-profits.",
            ["taxonomy"],
        ),
    ],
    "sofia-marquez": [
        (
            "Tacit knowledge interviews",
            Service.Kind.PAID,
            "Story-based interviews with experts before they leave, written up for others to learn from.",
            ["tacit knowledge", "storytelling"],
        ),
    ],
    "tom-becker": [
        (
            "KM strategy workshop",
            Service.Kind.PAID,
            "A one-day workshop with your leadership team to agree a KM strategy.",
            ["km strategy", "km mindset"],
        ),
        (
            "Open to a KM lead role",
            Service.Kind.JOB,
            "Looking for a permanent KM lead role in Europe, remote or hybrid.",
            ["km strategy"],
        ),
    ],
}


def seed_wishlists(command):
    home = getattr(command, "home_page", None) or HomePage.objects.first()
    if home is None:
        command.note("Wish lists: no home page, skipped")
        return
    index = get_or_add_child(
        home,
        WishListIndexPage,
        INDEX_SLUG,
        title="Wish lists",
        show_in_menus=True,
        introduction=(
            "Organisations describe the knowledge-management help they need; KM professionals offer to take it on."
        ),
    )
    set_up_wish_list_index(index.pk)
    owners = {key: demo_user(email, first, last) for key, (email, first, last) in BUSINESSES.items()}
    moderator = demo_user("moderator@kmp.example", "Mo", "Moderator")
    with notifications.silenced():
        for spec in command.progress(WISH_LISTS, "wish lists"):
            _wish_list(index, owners[spec["owner"]], moderator, spec)
        slugs = set(SERVICES) | {offer[2] for offer in OFFERS}
        profiles = {p.slug: p for p in ContributorProfile.objects.filter(slug__in=slugs)}
        for spec in command.progress(OFFERS, "offers"):
            _offer(profiles, *spec)
    for slug, services in SERVICES.items():
        if slug in profiles:
            for title, kind, description, topics in services:
                _service(profiles[slug], title, kind, description, topics)
    for email, _first, _last in BUSINESSES.values():
        command.note(f"{'Wish-list owner':<17} {email} / {DEMO_PASSWORD}")
    command.note("Wish lists: /wish-lists/; submit one at /wishes/submit/; services at /wishes/services/")


def _wish_list(index, owner, moderator, spec):
    existing = index.get_children().filter(slug=spec["slug"]).first()
    if existing:
        return existing.specific
    page = actions.build_wish_list(
        slug=spec["slug"],
        title=spec["title"],
        organisation=spec["organisation"],
        problem=spec["problem"],
        desired_outcomes=spec["desired_outcomes"],
        owner=owner,
        items=spec["items"],
    )
    index.add_child(instance=page)
    # As if submitted by the business and approved by a Moderator.
    page.save_revision(user=owner).publish(user=moderator)
    return page


def _offer(profiles, list_slug, position, contributor_slug, what, how, message, accepted):
    profile = profiles.get(contributor_slug)
    item = (
        WishItem.objects.filter(wish_list__slug=list_slug, wish_list__live=True)
        .select_related("wish_list")
        .order_by("sort_order")[position : position + 1]
        .first()
    )
    if profile is None or item is None:
        return
    offer, _ = Offer.objects.get_or_create(
        item=item, contributor=profile, defaults={"what": what, "how": how, "message": message}
    )
    if accepted and offer.status == Offer.Status.PENDING:
        actions.accept_offer(offer=offer, user=item.wish_list.owner)


def _service(profile, title, kind, description, topics):
    if Service.objects.filter(contributor=profile, title=title).exists():
        return
    service = Service(contributor=profile, title=title, kind=kind, description=description)
    service.topics.set(topics)
    service.save()
