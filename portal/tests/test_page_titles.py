"""Every page names the site as Settings → Site settings name it, at the end of its
<title>: the URL sweep's pages (portal/tests/test_url_sweep.py), each with real ids, as
a visitor and as a signed-in member, on the demo site renamed."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Site

from portal.models import SiteSettings

from .test_url_sweep import demo_site, model_pk  # noqa: F401 (demo_site is a fixture)

SITE_NAME = "Northbridge KM Commons"
MODEL_PARAMETERS = ("pk", "instance_pk", "object_id", "query_id", "task_id", "workflow_pk")


def site_urls(demo_site):  # noqa: F811 (the fixture's value)
    """The sweep's URLs of the site (not the admin's), each filled with real ids."""
    ids = demo_site["ids"]
    for _kind, template, _source in demo_site["templates"]:
        if template.text.startswith(("admin/", "django-admin/")):
            continue
        real = {name: ids.get(name, "1") for name in template.params}
        real |= {name: model_pk(template.text, "1") for name in template.params if name in MODEL_PARAMETERS}
        yield template.fill(real)


def titles(client, urls):
    """{url: the <title> of its HTML answer}, for every URL that answers with a page."""
    found = {}
    for url in urls:
        response = client.get(url)
        if getattr(response, "streaming", False) or not response["Content-Type"].startswith("text/html"):
            continue
        title = BeautifulSoup(response.content, "html.parser").title
        if title is not None:
            found[url] = " ".join(title.get_text().split())
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", ["visitor", "member"])
def test_every_page_title_ends_with_the_sites_name_from_its_settings(demo_site, visitor):  # noqa: F811
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.site_name = SITE_NAME
    site_settings.save()
    client = Client(raise_request_exception=False)
    if visitor == "member":
        client.force_login(demo_site["users"]["learner"])
    found = titles(client, list(site_urls(demo_site)))
    assert len(found) > 40
    wrong = {
        url: title
        for url, title in found.items()
        if not title.endswith(f" · {SITE_NAME}") and title != SITE_NAME
    }
    assert not wrong, "\n".join(f"{url}: {title}" for url, title in wrong.items())
    assert not [title for title in found.values() if "KMP Portal" in title]
