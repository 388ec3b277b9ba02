"""The contributor profile a user writes as, created for Bloggers on first use."""

from django.utils.text import slugify

from community.people import roles
from community.people.models import ContributorProfile


def unique_profile_slug(name):
    base = slugify(name)[:100] or "contributor"
    slug, suffix = base, 2
    while ContributorProfile.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def default_author_for(user):
    """The user's own profile; a Blogger without one gets one, named after them."""
    if not user or not user.is_authenticated:
        return None
    profile = ContributorProfile.of(user)
    if profile is not None:
        return profile
    if not user.groups.filter(name=roles.BLOGGERS).exists():
        return None
    display_name = user.get_full_name() or user.email.split("@")[0]
    profile, _ = ContributorProfile.objects.get_or_create(
        user=user, defaults={"display_name": display_name, "slug": unique_profile_slug(display_name)}
    )
    return profile
