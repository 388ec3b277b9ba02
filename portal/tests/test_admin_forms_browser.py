"""Every add and edit form of the Wagtail admin that the project defines, in Chromium
against the demo site, submitted empty: no answer is a server error, each date or time
input starts on a value the browser accepts, and each error a person sees sits by its
field (inside the field's wrapper) and is named by the field's aria-describedby, so a
screen reader reads it with the field. The public and account forms are swept the same
way by portal/tests/test_forms_browser.py.

The forms are found from the code, so a model added later is swept too:
- every snippet's create and edit view (the snippets registry);
- every modeladmin create and edit view (the admin URL patterns wagtail_modeladmin
  registers, each bound to its ModelAdmin);
- every site setting (the settings registry);
- the create form of every page type under a page of the demo it may be created under,
  and the edit form of one live page of every page type (both saved as a draft);
- every page of the project's own admin views (its register_admin_urls hooks) with a
  form to fill in: recording money, changing the reward policy, confirming a payment,
  excluding a metric (the demo's open month is calculated first, so a month is under
  review).
Each is opened by the first role that gets the form, in the order of PAGE_ROLES or
RECORD_ROLES (the person who does that work: a Blogger writes posts, Finance records
money), else a superuser. A required choice with a single option must start on it, not
on "---------" (a choice a person can only get wrong).

Wagtail shows errors its own way: a field's errors in the field's `[data-field-errors]`
box, and a StreamField's block errors drawn by its JavaScript after the page loads, so
they are checked once the editor has drawn them."""

import inspect
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from wagtail import hooks
from wagtail.admin import urls as admin_urls
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, Site, get_page_models
from wagtail.snippets.models import get_snippet_models

from portal.modeladmin import modeladmin_url
from portal.tests.form_checks import ERRORS_BESIDE_FIELDS, REJECTED_DATES
from portal.tests.test_layout_browser import session_cookie
from portal.tests.test_url_sweep import SOURCE_DIRS, Template, walk

# Who opens an admin form, in turn, until one gets it: the roles that write pages, then
# the roles that look after records, then a superuser for what no role may touch. So a
# Blogger writes posts, an Editor the site's own pages and settings, a Moderator offers
# and comments, Finance memberships and money.
BLOGGER, AUTHOR, ORGANISER = "blogger@kmp.example", "author@kmp.example", "organiser@kmp.example"
MODERATOR, EDITOR, FINANCE = "moderator@kmp.example", "editor@kmp.example", "finance@kmp.example"
SUPERUSER = "admin@kmp.example"
PAGE_ROLES = (BLOGGER, AUTHOR, ORGANISER, EDITOR, MODERATOR, FINANCE, SUPERUSER)
RECORD_ROLES = (MODERATOR, FINANCE, EDITOR, BLOGGER, AUTHOR, ORGANISER, SUPERUSER)
# How many pages of the demo a page type is tried under, for a role that may add it there.
PARENTS_TRIED = 3
# Forms the sweep must reach whatever else the demo holds that day: if one goes missing,
# the sweep has stopped finding forms, not the admin stopped having them.
MUST_SUBMIT = (
    "snippet people.ContributorProfile create",
    "snippet payments.MembershipPlan edit",
    "setting portal.SiteSettings",
    "setting rewards.RewardsSettings",
    "page blog.BlogPostPage create",
    "page blog.BlogPostPage edit",
    "page courses.LessonPage create",
    "page events.EventPage edit",
    "page home.StandardPage create",
    "modeladmin people.Membership create",
    "modeladmin wishlists.Service edit",
    "admin view rewards_admin:record_fee",
    "admin view rewards_admin:change_policy",
    "admin view rewards_admin:open_period",
    "admin view rewards_admin:exclude",
    "admin view payments_admin:refund",
)

# The form of the admin view: the POST form in the main content with the most fields a
# person fills in or chooses with (a page editor's dialogs hold small forms of their own;
# a chooser is a hidden input in a field box). A form of buttons only is an action.
MAIN_FORM = """() => {
  const fillable = 'textarea, select, input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=checkbox]):not([type=radio])';
  const count = (form) => Math.max(
    [...form.elements].filter((el) => el.matches(fillable) && el.getClientRects().length > 0).length,
    [...form.querySelectorAll('[data-field-input]')].filter((el) => el.getClientRects().length > 0).length);
  const forms = [...document.querySelectorAll('main form')];
  const best = forms
    .filter((form) => (form.getAttribute('method') || '').toLowerCase() === 'post' && count(form) > 0)
    .sort((a, b) => count(b) - count(a))[0];
  return best ? forms.indexOf(best) : -1;
}"""

# A date or time input whose value the browser rejects shows an empty picker. Unlike the
# site's sweep (test_forms_browser.DATE_AND_TIME_INPUTS), a required date left empty on an add form is not
# a rejected value.
# Empties what a person types.
EMPTY_FIELDS = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  for (const el of form.elements) {
    if (el.matches('textarea, input[type=text], input[type=email], input[type=url], input[type=number],'
        + ' input[type=date], input[type=time], input[type=datetime-local], input:not([type])')) {
      el.value = '';
    }
  }
}"""

# Switches off the browser's own checks (the server's are the ones under test) and
# presses "Save draft" on a page, else the form's first button.
PRESS_SAVE = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  form.noValidate = true;
  const buttons = [...form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]')]
    .filter((button) => !button.hasAttribute('formnovalidate'));
  const button = buttons.find((b) => b.matches('.action-save')) || buttons.find((b) => !b.name) || buttons[0];
  if (button) button.click(); else form.requestSubmit();
}"""

# A required select that starts empty when there is one option to choose.
ONE_CHOICE_LEFT_EMPTY = """(index) => [...document.querySelectorAll('main form')[index].querySelectorAll('select')]
  .filter((select) => select.required && !select.multiple && !select.value)
  .filter((select) => [...select.options].filter((option) => option.value && !option.disabled).length === 1)
  .map((select) => `${select.name} starts on "${select.options[select.selectedIndex]?.text}" with one choice to make`)"""

# Sets every select of the form to an option it offers (the first other than the one it
# starts on) and returns how many it set, leaving the rest as the form starts.
CHOOSE_OFFERED = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  let chosen = 0;
  for (const select of form.querySelectorAll('select:not([multiple]):not([disabled])')) {
    const other = [...select.options].find((option) => option.value && !option.disabled && option.value !== select.value);
    if (other) { select.value = other.value; chosen += 1; }
  }
  return chosen;
}"""

# The selects the answer marks invalid, with their errors: a choice the form offered
# and then refused.
REFUSED_CHOICES = """() => [...document.querySelectorAll('main form select[aria-invalid=true]')]
  .map((select) => `${select.name}: the offered choice "${select.options[select.selectedIndex]?.text}" is refused:`
    + ` ${document.getElementById(`${select.id}-errors`)?.textContent.trim() || 'marked invalid'}`)"""

NO_FORM = -1
PK_PARAMETERS = ("pk", "instance_pk", "object_id")


def snippet_forms():
    """(name, url) for the create and edit view of every snippet."""
    forms = []
    for model in get_snippet_models():
        viewset, label = model.snippet_viewset, model._meta.label
        forms.append((f"snippet {label} create", reverse(viewset.get_url_name("add"))))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            forms.append((f"snippet {label} edit", reverse(viewset.get_url_name("edit"), args=[row.pk])))
    return forms


def modeladmin_views(patterns):
    """The models of the admin URL patterns wagtail_modeladmin names "<...>_modeladmin_<action>"."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from modeladmin_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and re.search(r"_modeladmin_(create|edit)$", pattern.name or ""):
            yield inspect.unwrap(pattern.callback).__self__.model, pattern.name.rsplit("_", 1)[1]


def modeladmin_forms():
    forms = []
    for model, action in modeladmin_views(admin_urls.urlpatterns):
        if action == "create":
            forms.append((f"modeladmin {model._meta.label} create", modeladmin_url(model, "create")))
        elif (row := model._default_manager.order_by("pk").first()) is not None:
            forms.append((f"modeladmin {model._meta.label} edit", modeladmin_url(model, "edit", row.pk)))
    return forms


def setting_forms():
    site = Site.objects.get(is_default_site=True)
    forms = []
    for model in settings_registry:
        args = [model._meta.app_label, model._meta.model_name]
        if issubclass(model, BaseSiteSetting):
            args.append(site.pk)
        forms.append((f"setting {model._meta.label}", reverse("wagtailsettings:edit", args=args)))
    return forms


def page_forms():
    """(name, urls) for the create form of every page type under the first few demo pages
    it may be created under, and the edit form of its first live page."""
    forms = []
    for model in get_page_models():
        label = model._meta.label
        if model.is_creatable:
            parents = (
                Page.objects.type(*model.allowed_parent_page_models()).order_by("depth", "path").specific()
            )
            parents = [page for page in parents if model.can_create_at(page)][:PARENTS_TRIED]
            urls = [
                reverse(
                    "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
                )
                for parent in parents
            ]
            if urls:
                forms.append((f"page {label} create", urls))
        page = model.objects.live().order_by("depth", "path").first()
        if page is not None:
            forms.append((f"page {label} edit", [reverse("wagtailadmin_pages:edit", args=[page.pk])]))
    return forms


def project_admin_patterns():
    """(name, template) of every URL pattern the project's own register_admin_urls hooks add."""
    found = []
    for hook in hooks.get_hooks("register_admin_urls"):
        if hook.__module__.split(".")[0] not in SOURCE_DIRS:
            continue
        for pattern in hook():
            patterns = pattern.url_patterns if isinstance(pattern, URLResolver) else [pattern]
            namespace = (
                f"{pattern.namespace}:" if isinstance(pattern, URLResolver) and pattern.namespace else ""
            )
            prefix = str(pattern.pattern) if isinstance(pattern, URLResolver) else ""
            for inner, text in zip(patterns, walk(patterns, prefix), strict=True):
                found.append((f"{namespace}{inner.name}", Template.from_pattern("admin/" + text)))
    return found


def record_candidates(model):
    """A record of each state the model's `status` holds (a pending and a confirmed
    payment get different forms), else its first record."""
    rows = model._default_manager.order_by("pk")
    if any(field.name == "status" for field in model._meta.fields):
        statuses = rows.values_list("status", flat=True).distinct()
        return [rows.filter(status=status).first().pk for status in sorted(set(statuses))]
    first = rows.first()
    return [first.pk] if first else []


def admin_view_forms():
    """One address per pattern of the project's own admin views; a pk names a record of
    the model the view's module works on, one of each state, tried in turn."""
    forms = []
    for name, template in project_admin_patterns():
        if template.text.endswith((".csv", ".pdf", ".ics")):
            continue
        pk_names = [param for param in template.params if param in PK_PARAMETERS]
        other = [param for param in template.params if param not in PK_PARAMETERS]
        if other:
            continue  # reports of one course or event: views, not forms
        if not pk_names:
            forms.append((f"admin view {name}", [template.fill({})]))
            continue
        urls = [template.fill(dict.fromkeys(pk_names, str(pk))) for pk in record_candidates(view_model(name))]
        forms.append((f"admin view {name}", urls))
    return forms


def view_model(url_name):
    """The model a project admin view with a pk works on, by the URL's name."""
    from community.payments.models import Payment
    from community.rewards.models import LedgerEntry, RewardPeriod, Statement

    return {
        "rewards_admin:reverse_entry": LedgerEntry,
        "rewards_admin:answer_flag": Statement,
        "payments_admin:confirm": Payment,
        "payments_admin:refund": Payment,
    }.get(url_name, RewardPeriod)


def calculate_this_month():
    """The demo's open month calculated as if it had ended, so the forms of a month under
    review (excluding a metric) are swept with their choices too; the demo closes last
    month and leaves this one open."""
    from community.people.models import User
    from community.rewards.models import RewardPeriod
    from community.rewards.periods import calculable_from, calculate_period

    period = RewardPeriod.objects.get(status=RewardPeriod.Status.OPEN)
    calculate_period(period, by=User.objects.get(email=FINANCE), today=calculable_from(period))


def has_a_post_form(response):
    html = response.content.decode(errors="replace").lower()
    return response.status_code == 200 and "text/html" in response["Content-Type"] and 'method="post"' in html


def admin_forms(users):
    """(name, url, email) for every admin form, with the first role that gets it (of
    PAGE_ROLES for a page, of RECORD_ROLES for anything else);
    found with Django's test client, which is fast. An address no one gets a form at
    (records the site makes, never added in the admin) comes with email None."""
    clients = []
    clients = {}
    for email in PAGE_ROLES:
        clients[email] = Client(raise_request_exception=False)
        clients[email].force_login(users[email])
    records = [(name, [url]) for name, url in snippet_forms() + modeladmin_forms() + setting_forms()]
    candidates = [(name, urls, PAGE_ROLES) for name, urls in page_forms()]
    candidates += [(name, urls, RECORD_ROLES) for name, urls in records + admin_view_forms()]
    found = []
    for name, urls, roles in candidates:
        opener = next(
            ((url, email) for email in roles for url in urls if has_a_post_form(clients[email].get(url))),
            (urls[0] if urls else "", None),
        )
        found.append((name, *opener))
    return found


def submit_empty(page, base_url, url):
    """Opens the admin form at url, submits it empty and returns where the browser
    landed, the problems of the form and of the answer, and how many invalid fields and
    errors it showed (invalid is None for a form of buttons only, which is not submitted)."""
    page.goto(base_url + url)
    index = page.evaluate(MAIN_FORM)
    if index == NO_FORM:
        return url, [], None, 0  # an action's buttons, nothing to fill in
    problems = page.evaluate(REJECTED_DATES) + page.evaluate(ONE_CHOICE_LEFT_EMPTY, index)
    page.evaluate(EMPTY_FIELDS, index)
    with page.expect_navigation():
        page.evaluate(PRESS_SAVE, index)
    page.wait_for_load_state("load")
    where = page.url.removeprefix(base_url)
    status = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseStatus")
    if status >= 500:
        return where, [f"the answer is {status}"], 0, 0
    index = page.evaluate(MAIN_FORM)
    if index == NO_FORM:
        return where, problems, 0, 0
    found = page.evaluate(ERRORS_BESIDE_FIELDS, index)
    return (
        where,
        problems + found["problems"] + page.evaluate(REJECTED_DATES),
        found["invalid"],
        found["shown"],
    )


def submit_offered_choices(page):
    """On the answer to an empty form, sets each select to an option it offers, presses
    the same button again and returns how many selects it set and the problems of the
    answer: the selects it refuses, or a server error."""
    index = page.evaluate(MAIN_FORM)
    chosen = page.evaluate(CHOOSE_OFFERED, index) if index != NO_FORM else 0
    if not chosen:
        return 0, []
    with page.expect_navigation():
        page.evaluate(PRESS_SAVE, index)
    page.wait_for_load_state("load")
    status = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseStatus")
    if status >= 500:
        return chosen, [f"with its choices made, the answer is {status}"]
    return chosen, page.evaluate(REFUSED_CHOICES)


@pytest.mark.browser
def test_every_admin_form_starts_on_dates_the_browser_accepts_and_shows_errors_beside_their_fields(
    live_server, chromium, output_dir
):
    from community.people.models import User

    call_command("seed_demo", verbosity=0)
    calculate_this_month()
    users = {email: User.objects.get(email=email) for email in PAGE_ROLES}
    forms = admin_forms(users)
    problems, submitted, errors_checked = [], [], 0
    unopened = [f"{name}: {url} opens no form for any role" for name, url, email in forms if not email]
    for email in PAGE_ROLES:
        mine = [(name, url) for name, url, opener in forms if opener == email]
        if not mine:
            continue
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([session_cookie(users[email], live_server.url)])
        page = context.new_page()
        page.set_default_timeout(60_000)
        for name, url in mine:
            where, found, invalid, shown = submit_empty(page, live_server.url, url)
            if invalid is None:
                unopened.append(f"{name}: {url} as {email} is an action of buttons only")
                continue
            chosen, refused = submit_offered_choices(page)
            submitted.append(
                f"{name}: {url} as {email} -> {where}, {invalid} invalid fields, {shown} errors, {chosen} choices made"
            )
            errors_checked += shown
            found += refused
            problems += [f"{name} ({url} as {email}): {problem}" for problem in found]
        context.close()
    counts = f"{len(submitted)} admin forms submitted empty, {errors_checked} errors checked"
    (output_dir / "admin-forms-sweep.txt").write_text(counts + "\n" + "\n".join(submitted + unopened) + "\n")
    assert not problems, counts + "\n" + "\n".join(problems)
    missing = [form for form in MUST_SUBMIT if not any(line.startswith(form + ":") for line in submitted)]
    assert not missing, f"{counts}; never submitted: {missing}"
