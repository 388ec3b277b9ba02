"""The contributor profile a user writes as, created for Bloggers on first use."""

from community.people import roles
from community.people.models import ContributorProfile


def default_author_for(user):
    """The user's own profile; a Blogger without one gets one, named after them."""
    if not user or not user.is_authenticated:
        return None
    profile = ContributorProfile.of(user)
    if profile is not None or not user.groups.filter(name=roles.BLOGGERS).exists():
        return profile
    return ContributorProfile.of_or_create(user)
