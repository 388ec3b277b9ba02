"""Every page type and the key views at a phone's and a laptop's width, in Chromium:
nothing scrolls sideways, and every control is a target of at least 24×24 px
(WCAG 2.5.8; a link inside a line of text is excepted, as the criterion allows).

The pages are the demo site's (seed_demo), one live page of every page type found from
the models, so a page type added later is opened too (the demo must build one)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from wagtail.models import get_page_models

WIDTHS = (390, 1280)
MIN_TARGET = 24

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


@pytest.mark.browser
def test_every_page_fits_a_phone_and_a_laptop_and_its_controls_are_big_enough(
    live_server, chromium, output_dir
):
    from community.people.models import User

    call_command("seed_demo", verbosity=0)
    anonymous = {**page_type_urls(), **key_view_urls()}
    contributor = User.objects.get(email="amara@kmp.example")
    problems = []
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        for signed_in, urls in ((False, anonymous), (True, SIGNED_IN_URLS)):
            if signed_in:
                context.add_cookies([session_cookie(contributor, live_server.url)])
            for name, url in urls.items():
                response = page.goto(live_server.url + url)
                assert response.status < 400, f"{name} {url}: {response.status}"
                found = page.evaluate(MEASURE, MIN_TARGET)
                where = f"{width}px {name} {url}"
                if found["scrollWidth"] > found["width"]:
                    problems.append(
                        f"{where}: scrolls sideways ({found['scrollWidth']} > {found['width']}): {found['wide']}"
                    )
                    page.screenshot(
                        path=str(output_dir / f"layout-{width}-{name.replace(' ', '-')}.png"), full_page=True
                    )
                problems += [f"{where}: target {small}" for small in found["small"]]
        context.close()
    assert not problems, "\n".join(problems)
