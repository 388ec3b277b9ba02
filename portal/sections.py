"""Pages assembled from sections that other apps contribute through Wagtail hooks,
so that people, home and account pages never import the apps that fill them.

A hook function takes (request, obj) and returns HTML or "" (nothing to show)."""

from django.dispatch import Signal
from django.utils.safestring import mark_safe
from wagtail import hooks

CONTRIBUTOR_PROFILE_SECTIONS = "contributor_profile_sections"
ACCOUNT_SECTIONS = "account_sections"
HOME_PAGE_SECTIONS = "home_page_sections"
# What is next for the signed-in person, at the top of the home page: one <li> each
# (continue a lesson, the next event, the latest statement); obj is their contributor
# profile or None. Never shown to anyone else: only anonymous pages are cached.
HOME_GREETING_SECTIONS = "home_greeting_sections"
STANDARD_PAGE_SECTIONS = "standard_page_sections"
# Under a content page (a post, a lesson, an event, a community) or a topic's listing;
# obj is the page, or the topic (a taggit Tag).
PAGE_FOOT_SECTIONS = "page_foot_sections"

# Under a members-only course's "members only" refusal: how to become a member.
MEMBERSHIP_OFFER_SECTIONS = "membership_offer_sections"


# Sent (with `hook_name`) by an app whose contribution to a section changed everywhere at
# once (a membership plan's price): the apps whose pages show that section purge those
# pages from the page cache. The sender need not know which pages they are.
section_changed = Signal()


def render_sections(hook_name, request, obj=None):
    rendered = (fn(request, obj) for fn in hooks.get_hooks(hook_name))
    # Each hook renders its HTML through a template, which escapes it.
    return [mark_safe(html) for html in rendered if html]  # noqa: S308
