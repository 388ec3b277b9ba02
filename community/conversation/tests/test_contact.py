import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_member_writes_to_a_contributor_without_seeing_an_address(client, blog, member):
    client.force_login(member)
    url = reverse("conversation:contact", args=[blog.author.slug])
    profile_html = client.get(blog.author.get_absolute_url()).content.decode()
    assert url in profile_html and blog.author_user.email not in profile_html
    form_html = client.get(url).content.decode()
    assert blog.author_user.email not in form_html and member.email not in form_html.split("Signed in")[0]
    response = client.post(url, {"message": "Could you speak at our CoP?"})
    assert response.status_code == 200 and blog.author_user.email not in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [blog.author_user.email] and message.reply_to == [member.email]
    assert "Could you speak at our CoP?" in message.body


def test_contact_is_rate_limited_and_refuses_bots_and_oneself(client, blog, member, settings):
    settings.KMP_CONVERSATION_RATE_LIMITS = {"contact": ("1/h", "100/h")}
    url = reverse("conversation:contact", args=[blog.author.slug])
    client.force_login(member)
    client.post(url, {"message": "Hello", "website": "spam"})
    assert mail.outbox == []
    client.post(url, {"message": "Hello"})
    assert client.post(url, {"message": "Again"}).status_code == 400
    assert len(mail.outbox) == 1
    client.force_login(blog.author_user)
    assert client.get(url).status_code == 404


def test_signed_out_readers_sign_in_first(client, blog):
    response = client.post(reverse("conversation:contact", args=[blog.author.slug]), {"message": "Hi"})
    assert response.status_code == 302 and mail.outbox == []
