"""Helpers every app's demo seeding shares: users, images and idempotent pages."""

import hashlib
import io

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from .demo_art import illustration

# The hook a seeding step registers under, with an order in its app's range (docs/architecture.md).
SEED_DEMO = "seed_demo"
DEMO_PASSWORD = "kmp-demo-pass-2026"  # noqa: S105 (printed by seed_demo, dev only)


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


def demo_image(title):
    """An illustration drawn for this title (portal.demo_art), created once per title."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture, alt_text = illustration(title)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    digest = hashlib.sha256(title.encode()).hexdigest()[:10]
    image = Image(
        title=title,
        alt_text=alt_text,
        credit="Drawn for KMP Portal",
        file=ImageFile(buffer, name=f"demo-{digest}.jpg"),
    )
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
