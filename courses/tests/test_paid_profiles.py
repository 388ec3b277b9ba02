"""A contributor with posts or courses is paid for them, so their profile cannot be deleted
while pages still name them: blog authors and course instructors are both PROTECT, and the
admin says why it refuses."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.models import ContributorProfile
from courses.models import CourseInstructor


def test_an_instructors_profile_is_protected_like_an_authors(course_tree):
    assert CourseInstructor._meta.get_field("instructor").remote_field.on_delete.__name__ == "PROTECT"
    with pytest.raises(ProtectedError):
        course_tree.instructor.delete()
    assert course_tree.course.course_instructors.get().instructor == course_tree.instructor


@pytest.mark.parametrize("pages", ["course", "post"])
def test_the_admin_refuses_to_delete_a_profile_with_pages_and_says_why(
    client, course_tree, home_page, make_user, pages
):
    profile = course_tree.instructor
    if pages == "post":
        course_tree.course.delete()
        BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home_page), authors=[profile])
    client.force_login(make_user(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_people_contributorprofile:delete", args=[profile.pk])

    page = client.get(url).content.decode()
    assert "Amara Okafor still has posts or courses" in page

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Amara Okafor still has posts or courses" in response.content.decode()
    assert ContributorProfile.objects.filter(pk=profile.pk).exists()


def test_a_profile_without_pages_can_still_be_deleted(client, course_tree, make_user):
    profile = course_tree.instructor
    course_tree.course.delete()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_people_contributorprofile:delete", args=[profile.pk])
    assert client.post(url).status_code == 302
    assert not ContributorProfile.objects.filter(pk=profile.pk).exists()


def test_the_admin_refuses_to_delete_a_profile_with_readers_not_yet_paid(client, course_tree, make_user):
    """Readers counted for a contributor are paid at close: deleting the profile first
    would erase them, so the admin keeps the profile and says why."""
    from datetime import date

    from community.tracking.models import QualifiedRead

    profile = course_tree.instructor
    course_tree.course.delete()
    QualifiedRead.objects.create(
        contributor=profile, day=date(2026, 10, 3), reader_key="r", network_key="n", slot=1
    )
    client.force_login(make_user(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_people_contributorprofile:delete", args=[profile.pk])

    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Amara Okafor has earned readers" in response.content.decode()
    assert ContributorProfile.objects.filter(pk=profile.pk).exists()
    assert QualifiedRead.objects.filter(contributor=profile).count() == 1
