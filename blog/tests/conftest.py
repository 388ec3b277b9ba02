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


@pytest.fixture
def make_image(db):
    """A small real image, so renditions are generated as on the site."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    def make(title="Photo"):
        buffer = io.BytesIO()
        PILImage.new("RGB", (160, 90), (11, 93, 87)).save(buffer, format="PNG")
        return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="photo.png"))

    return make
