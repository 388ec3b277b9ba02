from portal.demo import DEMO_PASSWORD, demo_image, demo_user

from . import roles
from .models import ContributorProfile

CONTRIBUTORS = [
    {
        "email": "amara@kmp.example",
        "first": "Amara",
        "last": "Okafor",
        "slug": "amara-okafor",
        "headline": "Community-of-practice facilitator, Lagos",
        "bio": "Amara has built communities of practice in health and development organisations for fifteen years.",
        "expertise": ["Communities of practice", "Facilitation", "Knowledge sharing"],
        "roles": [roles.BLOGGERS, roles.EVENT_ORGANISERS, roles.COURSE_AUTHORS],
    },
    {
        "email": "li.wei@kmp.example",
        "first": "Li",
        "last": "Wei",
        "slug": "li-wei",
        "headline": "KM lead, Hong Kong",
        "bio": "Li runs the Hong Kong KM practitioners' meet-up and writes about lessons-learned systems.",
        "expertise": ["Lessons learned", "After-action reviews", "Taxonomy"],
        "roles": [roles.BLOGGERS, roles.EVENT_ORGANISERS, roles.COURSE_AUTHORS],
    },
    {
        "email": "sofia@kmp.example",
        "first": "Sofia",
        "last": "Marquez",
        "slug": "sofia-marquez",
        "headline": "Researcher in tacit knowledge",
        "bio": "Sofia studies how experts pass on what they cannot easily put into words.",
        "expertise": ["Tacit knowledge", "Storytelling", "Knowledge sharing"],
        "roles": [roles.BLOGGERS],
        "payout": ContributorProfile.PayoutPreference.VOLUNTEER,
    },
    {
        "email": "tom@kmp.example",
        "first": "Tom",
        "last": "Becker",
        "slug": "tom-becker",
        "headline": "KM consultant and trainer",
        "bio": "Tom helps organisations adopt a KM mindset and value the relationships that carry knowledge.",
        "expertise": ["KM mindset", "Relationships", "KM strategy"],
        "roles": [roles.BLOGGERS, roles.COURSE_AUTHORS],
        "payout": ContributorProfile.PayoutPreference.GIVE_BACK,
    },
]

ROLE_USERS = [
    ("blogger@kmp.example", "Bella", "Blogger", roles.BLOGGERS),
    ("author@kmp.example", "Carl", "Course-Author", roles.COURSE_AUTHORS),
    ("organiser@kmp.example", "Olga", "Organiser", roles.EVENT_ORGANISERS),
    ("moderator@kmp.example", "Mo", "Moderator", roles.MODERATORS),
    ("editor@kmp.example", "Eddie", "Editor", roles.EDITORS),
    ("finance@kmp.example", "Fiona", "Finance", roles.FINANCE),
]


def seed_people(command):
    demo_user("admin@kmp.example", "Ada", "Admin", superuser=True)
    command.note(f"Superuser: admin@kmp.example / {DEMO_PASSWORD}")
    for email, first, last, role in ROLE_USERS:
        demo_user(email, first, last, roles=[role])
        command.note(f"{role:<17} {email} / {DEMO_PASSWORD}")
    for spec in command.progress(CONTRIBUTORS, "contributors"):
        user = demo_user(spec["email"], spec["first"], spec["last"], roles=spec["roles"])
        profile, created = ContributorProfile.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "user": user,
                "display_name": f"{spec['first']} {spec['last']}",
                "headline": spec["headline"],
                "bio": spec["bio"],
                "photo": demo_image(f"Portrait of {spec['first']}"),
                "payout_preference": spec.get("payout", ContributorProfile.PayoutPreference.CASH),
            },
        )
        if created:
            profile.expertise.set(spec["expertise"])
            profile.save()
        command.note(f"Contributor       {spec['email']} / {DEMO_PASSWORD}")
