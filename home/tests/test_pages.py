from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import HomePageFactory, StandardPageFactory
from home.models import HomePage, StandardPage


class HomeTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        Page.objects.filter(depth=2).update(slug="old-welcome")
        cls.home = HomePageFactory(parent=cls.root)

    def setUp(self):
        self.login()

    def test_home_only_under_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_page_under_home_and_itself(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(self.root))

    def test_create_standard_page_with_nested_form_data(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About KMP",
                    "slug": "about",
                    "introduction": "Who we are",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Our story", "level": "h2"}),
                            ("paragraph", rich_text("<p>KMP began as a weekly chat.</p>")),
                            ("quote", {"quote": "Share what you know.", "attribution": "A member"}),
                        ]
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="about")
        self.assertEqual(page.body[0].value["text"], "Our story")


class HomeCreateTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()

    def test_create_home_page_with_nested_form_data(self):
        about = Page.objects.none()
        self.assertFalse(about.exists())
        self.assertCanCreate(
            self.root,
            HomePage,
            nested_form_data(
                {
                    "title": "Home",
                    "slug": "home",
                    "hero_heading": "Learn KM together",
                    "hero_text": "Posts, courses and events.",
                    "hero_cta_text": "",
                    "featured_heading": "Featured",
                    "featured_items": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertEqual(HomePage.objects.get().hero_heading, "Learn KM together")


def test_home_page_renders_with_menu(client, home_page):
    StandardPageFactory(parent=home_page, title="About KMP", slug="about", show_in_menus=True)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'href="/about/"' in html
