import pytest
from django.utils import timezone

from courses.factories import EnrolmentFactory
from courses.learning import complete_lesson, new_certificate_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(course_tree, make_user):
    user = make_user(first_name="Nadia", last_name="Haddad")
    EnrolmentFactory(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        completion = complete_lesson(user, lesson)
    return user, completion.enrolment


def test_codes_are_random_and_long_enough_not_to_be_guessed():
    codes = {new_certificate_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) >= 22 for code in codes)


def test_the_learner_sees_their_certificate_with_a_verification_link(client, course_tree, graduate):
    user, enrolment = graduate
    client.force_login(user)
    response = client.get(f"/courses/-/certificates/{course_tree.course.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Certificate of completion" in html
    assert "Nadia Haddad" in html
    assert course_tree.course.title in html
    assert "Amara Okafor" in html
    assert f"http://testserver/courses/-/verify/{enrolment.certificate_code}/" in html
    assert '<meta name="robots" content="noindex">' in html


def test_anyone_can_verify_a_certificate(client, course_tree, graduate):
    _, enrolment = graduate
    response = client.get(f"/courses/-/verify/{enrolment.certificate_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in html
    assert "Nadia Haddad" in html
    completed = timezone.localtime(enrolment.completed_at)
    assert f"{completed.day} {completed:%B %Y}</time>" in html


def test_the_lookup_form_sends_a_well_formed_code_to_its_page(client, graduate):
    _, enrolment = graduate
    response = client.get("/courses/-/verify/", {"code": f"  {enrolment.certificate_code} "})
    assert response.status_code == 302
    assert response.url == f"/courses/-/verify/{enrolment.certificate_code}/"


def test_the_lookup_form_explains_a_malformed_code(client, graduate):
    response = client.get("/courses/-/verify/", {"code": "not a code!"})
    assert response.status_code == 400
    assert "A certificate code is 16 or more letters" in response.content.decode()
    assert client.get("/courses/-/verify/").status_code == 200


def test_an_unfinished_course_has_no_certificate(client, course_tree, make_user):
    learner = make_user()
    EnrolmentFactory(user=learner, course=course_tree.course)
    client.force_login(learner)
    assert client.get(f"/courses/-/certificates/{course_tree.course.pk}/").status_code == 404


def test_the_certificate_page_needs_sign_in(client, course_tree, graduate):
    response = client.get(f"/courses/-/certificates/{course_tree.course.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
