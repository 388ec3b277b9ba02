import pytest
from django.utils import timezone

from courses.certificates import ALPHABET, display_code, linkedin_url, new_certificate_code
from courses.factories import EnrolmentFactory
from courses.learning import complete_lesson
from courses.tests.pdf_reading import qr_codes_in_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(course_tree, make_user):
    user = make_user(first_name="Nadia", last_name="Haddad")
    EnrolmentFactory(user=user, course=course_tree.course)
    for lesson in course_tree.lessons:
        completion = complete_lesson(user, lesson)
    return user, completion.enrolment


def test_codes_are_short_random_and_free_of_look_alikes():
    codes = {new_certificate_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 12 for code in codes)
    used = set("".join(codes))
    assert used <= set(ALPHABET) and not used & set("01OIL")
    assert len(used) == len(ALPHABET)  # every character is used: 31 ** 12, about 59 bits


def test_a_code_verifies_in_any_case_with_or_without_dashes(client, graduate):
    _, enrolment = graduate
    code = enrolment.certificate_code
    for typed in (code, code.lower(), display_code(code).lower(), f"{code[:4]} {code[4:8]} {code[8:]}"):
        response = client.get(f"/courses/-/verify/{typed}/")
        assert response.status_code == 200, typed
        assert "Valid certificate" in response.content.decode()
    # The lookup form sends any spelling to the canonical page.
    response = client.get("/courses/-/verify/", {"code": f" {code.lower()} "})
    assert response.url == f"/courses/-/verify/{display_code(code)}/"


def test_certificates_issued_with_the_old_long_codes_still_verify(client, graduate):
    _, enrolment = graduate
    enrolment.certificate_code = "Abc_DEF-ghi123JKL456mn"
    enrolment.save()
    assert client.get("/courses/-/verify/Abc_DEF-ghi123JKL456mn/").status_code == 200
    # Old codes are case-sensitive as issued: a different code is a different certificate.
    assert client.get("/courses/-/verify/abc_def-ghi123jkl456mn/").status_code == 404


def test_links_leave_the_site_on_its_own_address_not_the_request_host(client, settings, graduate):
    from wagtail.models import Site

    user, enrolment = graduate
    Site.objects.filter(is_default_site=True).update(hostname="learn.kmp.example", port=443)
    settings.ALLOWED_HOSTS = ["*"]
    client.force_login(user)
    html = client.get(
        f"/courses/-/certificates/{enrolment.course_id}/", HTTP_HOST="evil.example"
    ).content.decode()
    assert f"https://learn.kmp.example/courses/-/verify/{display_code(enrolment.certificate_code)}/" in html
    assert "evil.example" not in html


def test_the_linkedin_link_fills_in_the_certification(graduate):
    from urllib.parse import parse_qs, urlsplit

    _, enrolment = graduate
    link = urlsplit(linkedin_url(enrolment, "KMP Portal"))
    fields = parse_qs(link.query)
    assert (link.netloc, link.path) == ("www.linkedin.com", "/profile/add")
    assert fields["startTask"] == ["CERTIFICATION_NAME"]
    assert fields["name"] == [enrolment.course.title]
    assert fields["organizationName"] == ["KMP Portal"]
    assert fields["issueYear"] == [str(enrolment.completed_at.year)]
    assert fields["issueMonth"] == [str(enrolment.completed_at.month)]
    assert fields["certId"] == [display_code(enrolment.certificate_code)]
    assert fields["certUrl"] == [
        f"http://testserver/courses/-/verify/{display_code(enrolment.certificate_code)}/"
    ]


def test_the_pdf_names_the_learner_and_its_qr_code_is_the_verification_link(client, course_tree, graduate):
    user, enrolment = graduate
    client.force_login(user)
    response = client.get(f"/courses/-/certificates/{course_tree.course.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    from pypdfium2 import PdfDocument

    text = PdfDocument(content)[0].get_textpage().get_text_range()
    for expected in (
        "Nadia Haddad",
        course_tree.course.title,
        "Amara Okafor",
        display_code(enrolment.certificate_code),
    ):
        assert expected in text
    [url] = qr_codes_in_pdf(content)
    assert url == f"http://testserver/courses/-/verify/{display_code(enrolment.certificate_code)}/"
    client.logout()
    assert "Valid certificate" in client.get(url.removeprefix("http://testserver")).content.decode()


def test_nobody_else_downloads_a_learners_pdf(client, course_tree, graduate, make_user):
    client.force_login(make_user())
    assert client.get(f"/courses/-/certificates/{course_tree.course.pk}/pdf/").status_code == 404


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
    assert f"http://testserver/courses/-/verify/{display_code(enrolment.certificate_code)}/" in html
    assert "Add to LinkedIn profile" in html and "Download the certificate (PDF)" in html
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
    assert response.url == f"/courses/-/verify/{display_code(enrolment.certificate_code)}/"


def test_the_lookup_form_explains_a_malformed_code(client, graduate):
    response = client.get("/courses/-/verify/", {"code": "not a code!"})
    assert response.status_code == 400
    assert "A certificate code is 12 letters and digits" in response.content.decode()
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
