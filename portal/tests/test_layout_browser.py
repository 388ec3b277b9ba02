"""Every page type and the key views at a phone's and a laptop's width, in Chromium:
nothing scrolls sideways, every control is a target of at least 24×24 px (WCAG 2.5.8;
a link inside a line of text is excepted, as the criterion allows), and axe-core (vendored
in static/vendor/axe-core/) finds no serious or critical accessibility violation, in the
light and, for colour contrast, the dark colour scheme; the sections under a page start
where its title starts. Each page is photographed to
test-output/pages/<width>/<name>.png for people to look at.

The pages are the demo site's (seed_demo), one live page of every page type found from
the models, so a page type added later is opened too (the demo must build one)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from wagtail.models import get_page_models

WIDTHS = (390, 1280)
MIN_TARGET = 24
AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
# WCAG 2.x A and AA and axe's best practices; each violation named with where it is.
RUN_AXE = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.failureSummary ? ': ' + n.failureSummary.split('\\n').slice(1, 2).join('') : '')),
  }));
}"""
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
}
# The sections under a page's content (conversation, recaps, newsletter) start where the
# page's title starts, so they read as part of the page and not as a stray column (a
# section of cards, such as related posts, spans the page's width).
FOOT_SECTIONS_OUT_OF_LINE = """() => {
  const title = document.querySelector('main h1');
  if (!title) return [];
  const left = title.getBoundingClientRect().left;
  return [...document.querySelectorAll('main section.section > .container h2')]
    .filter((heading) => !heading.parentElement.querySelector('.card-grid'))
    .filter((heading) => Math.abs(heading.getBoundingClientRect().left - left) > 2)
    .map((heading) => `"${heading.innerText}" starts at ${Math.round(heading.getBoundingClientRect().left)} px, the title at ${Math.round(left)}`);
}"""
# Breadcrumbs keep the page header's breathing room under the site's header.
BREADCRUMBS_CRAMPED = """() => {
  const header = document.querySelector('body > header, header[role=banner]');
  const crumbs = document.querySelector('main .breadcrumbs');
  if (!header || !crumbs) return [];
  const gap = (crumbs.querySelector('li') || crumbs).getBoundingClientRect().top - header.getBoundingClientRect().bottom;
  return gap < 24 ? [`the breadcrumbs are ${Math.round(gap)} px under the site's header`] : [];
}"""
AXE_CONTRAST_ONLY = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}

# Controls a person aims at. Hidden inputs and elements with no box are left out below.
MEASURE = """(minTarget) => {
  const root = document.documentElement;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim();
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${text.slice(0, 40)}"`;
  };
  const inLineOfText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block && block.innerText.trim() !== el.innerText.trim();
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;  // not shown, or screen-reader only
    if (box.right <= 0 || box.bottom <= 0) continue;  // parked off screen until focused (skip link)
    if (el.closest('[hidden], [aria-hidden=true]')) continue;
    if (inLineOfText(el)) continue;
    if (box.width < minTarget || box.height < minTarget) {
      small.push(`${describe(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > root.clientWidth + 1 && box.width > 0) wide.push(`${describe(el)} right=${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: root.scrollWidth, width: root.clientWidth, small, wide: wide.slice(0, 8)};
}"""


def page_type_urls():
    """One live page of every creatable page type, from the demo."""
    urls, missing = {}, []
    for model in get_page_models():
        if not model.is_creatable:
            continue
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            missing.append(model._meta.label)
        else:
            urls[model._meta.label] = page.get_url()
    assert not missing, f"the demo builds no live page of {missing}"
    return urls


def key_view_urls():
    from community.people.models import ContributorProfile
    from community.rewards.models import RewardPeriod

    closed = RewardPeriod.objects.filter(status=RewardPeriod.Status.CLOSED).order_by("-start").first()
    assert closed is not None, "the demo closes a month"
    profile = ContributorProfile.objects.filter(user__email="amara@kmp.example").get()
    return {
        "rewards report": f"/rewards/{closed.start:%Y-%m}/",
        "rewards": "/rewards/",
        "rewards how it works": "/rewards/how-it-works/",
        "search": "/search/?q=practice",
        "people": "/people/",
        "profile": f"/people/{profile.slug}/",
        "wish lists": "/wishes/",
        "services": "/wishes/services/",
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
    }


SIGNED_IN_URLS = {
    "account": "/account/",
    "edit profile": "/account/profile/",
    "my statements": "/rewards/statements/",
    "my wish lists": "/wishes/mine/",
    "my offers": "/wishes/offers/",
    "my services": "/wishes/services/mine/",
    "submit a wish list": "/wishes/submit/",
}


def session_cookie(user, base_url):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def axe_violations(page, options):
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE, options) if v["impact"] in FAILING_IMPACTS]


def file_name(name):
    return re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-")


@pytest.mark.browser
def test_every_page_fits_a_phone_and_a_laptop_has_big_controls_and_passes_axe(
    live_server, chromium, output_dir
):
    from community.people.models import User

    call_command("seed_demo", verbosity=0)
    anonymous = {**page_type_urls(), **key_view_urls()}
    contributor = User.objects.get(email="amara@kmp.example")
    problems, photographed = [], 0
    passes = [(width, "light") for width in WIDTHS] + [(1280, "dark")]
    for width, scheme in passes:
        shots = output_dir / "pages" / (str(width) if scheme == "light" else f"{width}-dark")
        shots.mkdir(parents=True, exist_ok=True)
        # axe is injected as a script, which the site's CSP would refuse.
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        for signed_in, urls in ((False, anonymous), (True, SIGNED_IN_URLS)):
            if signed_in:
                context.add_cookies([session_cookie(contributor, live_server.url)])
            for name, url in urls.items():
                response = page.goto(live_server.url + url)
                assert response.status < 400, f"{name} {url}: {response.status}"
                where = f"{width}px {scheme} {name} {url}"
                page.screenshot(path=str(shots / f"{file_name(name)}.png"), full_page=True)
                photographed += 1
                if scheme == "dark":
                    problems += [f"{where}: axe {v}" for v in axe_violations(page, AXE_CONTRAST_ONLY)]
                    continue
                found = page.evaluate(MEASURE, MIN_TARGET)
                if found["scrollWidth"] > found["width"]:
                    problems.append(
                        f"{where}: scrolls sideways ({found['scrollWidth']} > {found['width']}): {found['wide']}"
                    )
                problems += [f"{where}: target {small}" for small in found["small"]]
                problems += [f"{where}: {off}" for off in page.evaluate(FOOT_SECTIONS_OUT_OF_LINE)]
                problems += [f"{where}: {off}" for off in page.evaluate(BREADCRUMBS_CRAMPED)]
                problems += [f"{where}: axe {v}" for v in axe_violations(page, AXE_OPTIONS)]
        context.close()
    assert photographed == len(passes) * (len(anonymous) + len(SIGNED_IN_URLS))
    assert not problems, "\n".join(problems)
