"""Image uploads are limited to what a community site needs: a picture with more pixels
than a camera takes (a few KB of PNG can decode to gigabytes) is refused, saying why."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from community.people import roles

pytestmark = pytest.mark.django_db


def png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("upload.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def editor_client(client, home_page, make_user):
    client.force_login(make_user(roles.EDITORS))
    return client


def test_the_limits_suit_a_community_site():
    assert 12_000_000 <= settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024


def test_an_image_of_too_many_pixels_is_refused_with_the_reason(editor_client):
    upload = png(11_000, 11_000)
    assert len(upload) < 100_000  # small on disk: the pixel count, not the size, is what refuses it
    response = editor_client.post(reverse("wagtailimages:add"), {"title": "Huge", "file": upload})
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.filter(title="Huge").exists()


def test_a_camera_sized_image_is_accepted(editor_client):
    response = editor_client.post(reverse("wagtailimages:add"), {"title": "Photo", "file": png(4000, 3000)})
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Photo").exists()
