"""Helpers every app's demo seeding shares: users, images and idempotent pages."""

import hashlib
import io

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

# The hook a seeding step registers under, with an order in its app's range (docs/architecture.md).
SEED_DEMO = "seed_demo"
DEMO_PASSWORD = "kmp-demo-pass-2026"  # noqa: S105 (printed by seed_demo, dev only)
PALETTE = [(11, 93, 87), (180, 67, 30), (29, 78, 216), (126, 34, 206), (21, 128, 61), (138, 90, 0)]


def demo_user(email, first_name="", last_name="", roles=(), password=DEMO_PASSWORD, superuser=False):
    """A verified user who can sign in at once; existing users are left as they are."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def demo_image(title, seed=None):
    """A generated abstract image, created once per title."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    digest = hashlib.sha256((seed or title).encode()).digest()
    base = PALETTE[digest[0] % len(PALETTE)]
    width, height = 1200, 675
    img = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(img)
    for i in range(7):
        r = 80 + digest[i + 1] % 260
        x = digest[i + 8] * width // 255
        y = digest[i + 16] * height // 255
        shade = tuple(min(255, c + 25 + 18 * (i % 4)) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=82)
    image = Image(title=title, alt_text="", file=ImageFile(buffer, name=f"demo-{digest.hex()[:10]}.jpg"))
    image.save()
    return image


def get_or_add_child(parent, model, slug, **fields):
    """The child page with this slug, or a new published one."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
