"""Media on S3-compatible storage when a bucket is configured, the local disk when
not: an upload lands in the bucket and its rendition is served from it. The S3 API
is moto's, in server mode, started by the test."""

import io

import pytest
import requests
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .servers import S3Server
from .test_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def media_on_s3(s3, settings, monkeypatch):
    bucket = s3.create_bucket("kmp-media")
    for name, value in s3.environ(bucket).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = s3.url
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_LOCATION = "media"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_DEFAULT_ACL = "public-read"  # as docs/deploy.md asks (or a public-read bucket policy)
    yield s3
    storages._storages.pop("default", None)


def png(size=(160, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 93, 87)).save(buffer, format="PNG")
    return buffer


def test_an_upload_is_kept_in_the_bucket_and_its_rendition_served_from_it(media_on_s3):
    image = get_image_model().objects.create(title="Photo", file=ImageFile(png(), name="photo.png"))
    keys = [item["Key"] for item in media_on_s3.client().list_objects_v2(Bucket="kmp-media")["Contents"]]
    assert keys == [f"media/{image.file.name}"]

    rendition = image.get_rendition("fill-80x45")
    assert rendition.url.startswith(f"{media_on_s3.url}/kmp-media/media/")
    response = requests.get(rendition.url, timeout=10)
    assert response.status_code == 200
    assert PILImage.open(io.BytesIO(response.content)).size == (80, 45)


def test_the_local_disk_is_the_default():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import default_storage as d; print(type(d._wrapped if hasattr(d, '_wrapped')"
        " else d).__module__)",
        env_overrides={"DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": "k" * 60},
    )
    assert result.stdout.strip() == "django.core.files.storage.filesystem", result.stderr


def test_production_settings_put_media_in_the_bucket_and_allow_its_images(s3):
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 60,
        **s3.environ("kmp-media"),
    }
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; from django.core.files.storage import default_storage as d; "
        "d._setup(); print(type(d._wrapped).__name__); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])",
        env_overrides=env,
    )
    assert result.stdout.split() == ["S3Storage", s3.url], result.stderr
