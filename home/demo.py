from wagtail.models import Page, Site

from portal.demo import demo_image, get_or_add_child
from portal.models import SiteSettings

from .models import HomePage, StandardPage

ABOUT_BODY = [
    (
        "paragraph",
        "<p>KMP is a public learning site run by a community of knowledge-management professionals. "
        "We write about what works, teach what we know and meet to practise together.</p>",
    ),
    ("heading", {"text": "What you will find here", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>Blog posts on communities of practice, lessons learned and tacit knowledge.</li>"
        "<li>Online courses you can take at your own pace.</li>"
        "<li>Community events: a weekly online chat and local meet-ups.</li>"
        "<li>Wish lists where non-profits ask for help, and services our members offer.</li></ul>",
    ),
    ("heading", {"text": "Who pays for it, and who is paid", "level": "h2"}),
    (
        "paragraph",
        "<p>Membership fees and donations fund the site; part of them is shared among the people "
        'who write, teach and bring others in. <a href="/how-rewards-work/">How rewards work</a> '
        'explains the rules, and <a href="/rewards/">every month\'s report</a> shows where the money went.</p>',
    ),
    (
        "quote",
        {
            "quote": "Knowledge is the only resource that grows when it is shared.",
            "attribution": "A KMP member",
        },
    ),
]

REWARDS_BODY = [
    (
        "paragraph",
        "<p>Contributors may be paid a modest reward from a pool funded by membership fees, "
        "donations and reserves, in proportion to the outcome their work brings.</p>",
    ),
    ("heading", {"text": "Three streams", "level": "h2"}),
    (
        "paragraph",
        "<ul><li><b>Blogging</b>: unique readers of your posts.</li>"
        "<li><b>Courses</b>: learners taking part in your courses, completions counted extra.</li>"
        "<li><b>Promotion</b>: new members and enrolments that came through your referral link.</li></ul>",
    ),
    (
        "callout",
        {
            "tone": "info",
            "title": "Volunteering is welcome",
            "text": "<p>You can volunteer your share back to the reserves or give it back as a donation.</p>",
        },
    ),
]


def seed_home(command):
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own "Welcome" page takes the slug; it is replaced below.
        welcome = Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        )
        welcome.update(slug="wagtail-welcome")
        home = HomePage(
            title="Home",
            slug="home",
            hero_heading="Learn knowledge management with the people who practise it",
            hero_text="Read posts by KM professionals, take a course at your own pace and join a community of practice.",
            hero_image=demo_image("KMP hero"),
            hero_cta_text="Browse the blog",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=8000, root_page=home, is_default_site=True, site_name="KMP Portal"
        )
    elif site.root_page_id != home.pk:
        # The demo serves on 127.0.0.1:8000, so that absolute links (feeds, emails) work.
        site.root_page = home
        site.site_name = "KMP Portal"
        site.hostname, site.port = "127.0.0.1", 8000
        site.save()
    for page in Page.objects.filter(depth=2, slug="wagtail-welcome"):
        page.delete()
    settings = SiteSettings.for_site(site)
    if not settings.contact_email:
        settings.contact_email = "hello@kmp.example"
        settings.linkedin_url = "https://www.linkedin.com/"
        settings.save()

    get_or_add_child(
        home,
        StandardPage,
        "about",
        title="About KMP",
        show_in_menus=True,
        introduction="A public knowledge-management learning site, run by KM professionals.",
        body=ABOUT_BODY,
    )
    get_or_add_child(
        home,
        StandardPage,
        "how-rewards-work",
        title="How rewards work",
        show_in_menus=True,
        introduction="Where the money comes from, and how it is shared fairly.",
        body=REWARDS_BODY,
    )
    command.home_page = home


# The menus an editor can rearrange later (Settings → Site settings → Menus): the top
# menu in order of importance, the rewards and the smaller directories in the footer.
# A slug is a child of the home page; an address starts with /.
MAIN_MENU = [
    ("blog", ""),
    ("courses", ""),
    ("events", "Events and communities"),
    ("wish-lists", "Wish lists and services"),
    ("about", "About"),
]
FOOTER_MENU = [
    ("how-rewards-work", "How rewards work"),
    ("/rewards/", "Where the money went"),
    ("communities", "Communities"),
    ("/wishes/services/", "Services"),
    ("/people/", "Contributors"),
]


def seed_menus(command):
    """Fill the site's menus once, after every app has built its pages; an editor's own
    menus are left alone."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.main_menu or settings.footer_menu:
        return
    children = {page.slug: page for page in site.root_page.get_children().live()}
    settings.main_menu = menu_stream(MAIN_MENU, children)
    settings.footer_menu = menu_stream(FOOTER_MENU, children)
    settings.save()
    command.note("Menus: the top menu and the footer links are under Settings → Site settings → Menus")


def menu_stream(links, children):
    stream = []
    for target, title in links:
        if target.startswith("/"):
            stream.append(("address", {"url": target, "title": title}))
        elif target in children:
            stream.append(("page", {"page": children[target], "title": title}))
    return stream
