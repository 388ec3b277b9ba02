"""Editors preview courses and lessons in the admin, including ones not saved yet."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.people import roles

pytestmark = pytest.mark.django_db


def preview(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    return client.get(url)


def test_a_new_course_can_be_previewed(client, course_tree, make_user):
    client.force_login(make_user(roles.EDITORS))
    data = nested_form_data(
        {
            "title": "A new course",
            "slug": "a-new-course",
            "summary": "About something new.",
            "level": "beginner",
            "estimated_hours": "2",
            "access": "open",
            "topics": "",
            "course_instructors": inline_formset([{"instructor": course_tree.instructor.pk}]),
            "learning_outcomes": inline_formset([{"text": "Know the new thing"}]),
            "description": streamfield([]),
        }
    )
    response = preview(client, f"/admin/pages/add/courses/coursepage/{course_tree.index.pk}/preview/", data)
    assert response.status_code == 200
    assert "Know the new thing" in response.content.decode()


def test_a_new_lesson_shows_its_full_body_in_preview(client, course_tree, make_user):
    client.force_login(make_user(roles.EDITORS))
    data = nested_form_data(
        {
            "title": "A new lesson",
            "slug": "a-new-lesson",
            "summary": "Summary.",
            "estimated_minutes": "10",
            "body": streamfield([("paragraph", rich_text("<p>Draft lesson text.</p>"))]),
        }
    )
    url = f"/admin/pages/add/courses/lessonpage/{course_tree.course.pk}/preview/"
    response = preview(client, url, data)
    assert "Draft lesson text." in response.content.decode()


def test_an_existing_lesson_previews_with_its_edits(client, course_tree, make_user):
    client.force_login(make_user(roles.EDITORS))
    lesson = course_tree.lessons[2]
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": "Summary.",
            "estimated_minutes": "10",
            "body": streamfield([("paragraph", rich_text("<p>Edited lesson text.</p>"))]),
        }
    )
    response = preview(client, f"/admin/pages/{lesson.pk}/edit/preview/", data)
    assert "Edited lesson text." in response.content.decode()
