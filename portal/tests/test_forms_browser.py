"""Every public and account form of the site, in Chromium against the demo site: each
date or time input starts on a value the browser accepts (a picker shows nothing for a
value it rejects), and each form submitted empty answers with every error next to its
field: inside the field's own wrapper and named by the field's aria-describedby, so a
screen reader reads it with the field.

The forms are found from the code: every URL pattern of the URLconf outside the admin
(walked as the URL sweep does, with real ids from the demo) and one live page of every
page type, each opened as the first of a few people who gets the page itself (not a
redirect) with a form to fill in on it. A form to fill in is a POST form in the main
content with a field a person types into or chooses from; forms of buttons only (enrol,
withdraw, sign out) are actions, not forms, and are left alone.

Forms that only the owner of a record reaches, on a record in a state the demo does not
hold (a contributor's draft statement in its dispute window, a comment written minutes
ago) are checked with `submit_empty` beside their features: community/rewards/tests/
test_forms_browser.py and community/conversation/tests/test_browser.py."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver

from portal.tests.form_checks import ERRORS_BESIDE_FIELDS, REJECTED_DATES
from portal.tests.test_layout_browser import session_cookie
from portal.tests.test_url_sweep import PAGE_ROUTE, Template, model_pk, page_routes, real_ids, walk

# Who opens a URL, in turn, until one gets the page: a visitor, a contributor, the owner
# of a wish list (a business), an event organiser, a Moderator.
ACTORS = (
    None,
    "amara@kmp.example",
    "lena.fischer@northbridge.example",
    "organiser@kmp.example",
    "moderator@kmp.example",
)
# Not pages a person fills in: the admin (its own forms), files and feeds.
SKIPPED_PREFIXES = ("admin/", "django-admin/", "documents/", "images/", "static/", "media/", "sitemap")
SKIPPED_ENDINGS = (".ics", ".csv", ".pdf", ".xml", ".txt", ".json", "feed/", "rss/")
PK_PARAMETERS = ("pk", "instance_pk", "object_id")
# Forms the sweep must reach whatever else the demo holds that day: if one goes missing,
# the sweep has stopped finding forms, not the site stopped having them.
MUST_SUBMIT = (
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/change/",
    "/account/profile/",
    "/wishes/submit/",
    "/wishes/services/new/",
    "/conversation/newsletter/",
    "/donate/",
    "/account/membership/",
    "/conversation/pages/",
)

FORMS_TO_FILL = """() => [...document.querySelectorAll('main form')]
  .map((form, index) => ({form, index}))
  .filter(({form}) => (form.getAttribute('method') || '').toLowerCase() === 'post')
  .filter(({form}) => [...form.elements].some((el) =>
    (el.matches('textarea, select, input[type=text], input[type=email], input[type=url], input[type=number],'
      + ' input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=file],'
      + ' input[type=password], input[type=radio], input:not([type])')) && el.getClientRects().length > 0))
  .map(({index}) => index)"""

# Empties what a person types, switches off the browser's own checks (the server's are
# the ones under test) and presses the form's main button.
SUBMIT_EMPTY = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  for (const el of form.elements) {
    if (el.matches('textarea, input[type=text], input[type=email], input[type=url], input[type=number],'
        + ' input[type=password], input[type=date], input[type=time], input[type=datetime-local], input:not([type])')) {
      el.value = '';
    }
  }
  form.noValidate = true;
  const buttons = [...form.querySelectorAll('button:not([type=button]):not([type=reset]), input[type=submit]')];
  const button = buttons.find((b) => !b.hasAttribute('formnovalidate') && !b.formAction.includes('#')) || buttons[0];
  if (button) button.click(); else form.requestSubmit();
}"""


def submit_empty(page, base_url, url, index):
    """Opens the page at url, submits its index-th form in the main content empty, and
    returns where the browser landed, the problems of the answer (a server error, an
    error away from its field, a date the browser rejects) and how many fields it marked
    invalid."""
    page.goto(base_url + url)
    with page.expect_navigation():
        page.evaluate(SUBMIT_EMPTY, index)
    where = page.url.removeprefix(base_url)
    status = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseStatus")
    if status >= 500:
        return where, [f"the answer is {status}"], 0
    found = page.evaluate(ERRORS_BESIDE_FIELDS, None)
    return where, found["problems"] + page.evaluate(REJECTED_DATES), found["invalid"]


def site_urls():
    """One address per URL pattern outside the admin, with real ids, and one live page of
    every page type (with its sub-routes)."""
    ids = real_ids()
    templates = [Template.from_pattern(p) for p in walk(get_resolver().url_patterns) if p != PAGE_ROUTE]
    templates += [template for _kind, template, _name in page_routes()]
    urls = []
    for template in templates:
        if template.text.startswith(SKIPPED_PREFIXES) or template.text.endswith(SKIPPED_ENDINGS):
            continue
        values = {name: ids.get(name, "1") for name in template.params}
        for name in template.params:
            if name in PK_PARAMETERS:
                values[name] = model_pk(template.text, "1")
        url = template.fill(values)
        if url not in urls and "logout" not in url:
            urls.append(url)
    return urls


def has_a_post_form(response):
    html = response.content.decode(errors="replace").lower()
    return response.status_code == 200 and "text/html" in response["Content-Type"] and 'method="post"' in html


def pages_with_forms(users):
    """(url, email of who opens it) for each address whose page holds a POST form for
    one of the people, the first such; found with Django's test client, which is fast."""
    clients = []
    for email in ACTORS:
        client = Client(raise_request_exception=False)
        if email:
            client.force_login(users[email])
        clients.append((email, client))
    found = []
    for url in site_urls():
        for email, client in clients:
            if has_a_post_form(client.get(url)):
                found.append((url, email))
                break
    return found


@pytest.mark.browser
def test_every_form_starts_on_dates_the_browser_accepts_and_shows_errors_beside_their_fields(
    live_server, chromium, output_dir
):
    from community.people.models import User

    call_command("seed_demo", verbosity=0)
    users = {email: User.objects.get(email=email) for email in ACTORS if email}
    pages = pages_with_forms(users)
    problems, forms_submitted, errors_checked = [], [], 0
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    signed_in_as = None
    for url, email in pages:
        if email != signed_in_as:
            context.clear_cookies()
            if email:
                context.add_cookies([session_cookie(users[email], live_server.url)])
            signed_in_as = email
        page.goto(live_server.url + url)
        problems += [f"{url}: {problem}" for problem in page.evaluate(REJECTED_DATES)]
        for index in page.evaluate(FORMS_TO_FILL):
            where, found, invalid = submit_empty(page, live_server.url, url, index)
            forms_submitted.append(f"{url} form {index} as {email or 'a visitor'} -> {where}")
            errors_checked += invalid
            problems += [f"{forms_submitted[-1]}: {problem}" for problem in found]
    context.close()
    counts = (
        f"{len(pages)} pages with forms, {len(forms_submitted)} forms submitted empty, "
        f"{errors_checked} invalid fields checked"
    )
    (output_dir / "forms-sweep.txt").write_text(counts + "\n" + "\n".join(forms_submitted) + "\n")
    assert not problems, counts + "\n" + "\n".join(problems)
    missing = [form for form in MUST_SUBMIT if not any(form in submitted for submitted in forms_submitted)]
    assert not missing, f"{counts}; never submitted: {missing}"
    assert errors_checked >= len(forms_submitted), counts
