"""What a blogger does in the page editor, posted as the browser posts it."""

from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from blog.models import BlogPostPage
from community.people import roles
from community.people.factories import ContributorProfileFactory

from .admin_forms import post_form_data


def image_body(image, caption="Our first meet-up", alt_text="Twelve people around a table"):
    """Form data of a body with a heading, a paragraph and an Image block."""
    return {
        "body-count": "3",
        **{f"body-{i}-deleted": "" for i in range(3)},
        **{f"body-{i}-order": str(i) for i in range(3)},
        "body-0-type": "heading",
        "body-0-value-text": "What happened",
        "body-0-value-level": "h2",
        "body-1-type": "paragraph",
        "body-1-value": rich_text("<p>Knowledge flows through people.</p>"),
        "body-2-type": "image",
        "body-2-value-image-image": str(image.pk),
        "body-2-value-image-decorative": "",
        "body-2-value-image-alt_text": alt_text,
        "body-2-value-caption": caption,
        "body-2-value-attribution": "KMP",
    }


def test_a_blogger_saves_a_post_with_a_picture(client, blog_index, make_user, make_image):
    blogger = make_user(roles.BLOGGERS)
    profile = ContributorProfileFactory(user=blogger, display_name="Bea Blogger")
    image = make_image("Meet-up")
    client.force_login(blogger)
    data = post_form_data("Pictures of our meet-up", [profile])
    data.update(image_body(image))

    add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", blog_index.pk))
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    post = BlogPostPage.objects.get(slug="pictures-of-our-meet-up")
    draft = post.get_latest_revision_as_object()
    image_block = draft.body[2]
    assert image_block.block_type == "image"
    assert image_block.value["image"].pk == image.pk
    assert image_block.value["image"].contextual_alt_text == "Twelve people around a table"

    # The editor autosaves as the blogger types (a JSON request), then they save a draft.
    edit_url = reverse("wagtailadmin_pages:edit", args=(post.pk,))
    autosave = client.post(
        edit_url, data | image_body(image, caption="Typing"), HTTP_ACCEPT="application/json"
    )
    assert autosave.json()["success"], autosave.content
    data.update(image_body(image, caption="Our second meet-up"))
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.get_latest_revision_as_object().body[2].value["caption"] == "Our second meet-up"

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(post.pk,))
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert 'alt="Twelve people around a table"' in html
    assert "Our second meet-up" in html
