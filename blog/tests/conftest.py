import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people import roles
from community.people.factories import ContributorProfileFactory


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def make_post(blog_index):
    def make(**kwargs):
        kwargs.setdefault("parent", blog_index)
        return BlogPostPageFactory(**kwargs)

    return make


@pytest.fixture
def make_profile(make_user):
    def make(*user_roles, **kwargs):
        user = make_user(*(user_roles or (roles.BLOGGERS,)))
        return ContributorProfileFactory(user=user, **kwargs)

    return make
