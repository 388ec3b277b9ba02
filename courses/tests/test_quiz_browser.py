from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from courses.factories import LessonProgressFactory, quiz_block
from courses.models import Enrolment, LessonProgress
from courses.tests.pdf_reading import qr_codes_in_pdf


@pytest.mark.browser
def test_a_learner_fails_a_quiz_passes_it_and_a_phone_verifies_the_printed_certificate(
    live_server, browser_page, chromium, output_dir, course_tree, make_user
):
    """The last lesson's quiz decides the course; the PDF's QR code opens the verification page."""
    server = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=server.hostname, port=server.port)
    course = course_tree.course
    course.quizzes_required = True
    course.save_revision().publish()
    lesson = course_tree.lessons[-1]
    lesson.body = [("paragraph", "<p>Tacit and explicit knowledge.</p>"), quiz_block(pass_mark=100)]
    lesson.save_revision().publish()
    learner = make_user(email="quiz-taker@example.com", first_name="Zoë", last_name="Đorđević")
    Enrolment.objects.create(user=learner, course=course)
    for earlier in course_tree.lessons[:-1]:
        LessonProgressFactory(user=learner, lesson=earlier)

    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "quiz-taker@example.com")
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(live_server.url + lesson.url)
    assert "Pass the quiz above to complete this lesson." in page.content()
    assert "Yes: tacit knowledge." not in page.content()
    page.get_by_label("Explicit", exact=True).check()
    page.get_by_label("People", exact=True).check()
    page.get_by_label("What is the meeting after a project called?").fill("a retrospective")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_load_state()
    status = page.locator(".quiz [role=status]").inner_text()
    assert "scored 0%" in status and "1 attempt left" in status
    assert page.get_by_text("Explicit knowledge is written down.").is_visible()
    assert page.get_by_text("Look again at the section on reviews.").is_visible()
    page.screenshot(path=str(output_dir / "courses-quiz-failed.png"), full_page=True)
    assert not LessonProgress.objects.filter(user=learner, lesson=lesson).exists()

    page.get_by_label("Tacit", exact=True).check()
    page.get_by_label("People", exact=True).check()
    page.get_by_label("Stories", exact=True).check()
    page.get_by_label("What is the meeting after a project called?").fill("After-action review")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(f"**/courses/-/certificates/{course.pk}/")
    assert "You passed the quiz with 100%." in page.content()
    assert "Zoë Đorđević" in page.locator(".certificate__name").inner_text()
    page.screenshot(path=str(output_dir / "courses-quiz-certificate.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = download.value.path().read_bytes()
    (output_dir / "courses-certificate.pdf").write_bytes(pdf)
    [url] = qr_codes_in_pdf(pdf)
    enrolment = Enrolment.objects.get(user=learner)
    assert url.startswith(live_server.url + "/courses/-/verify/")

    # A stranger scans the printed page and lands on the verification page.
    stranger = chromium.new_context()
    try:
        phone = stranger.new_page()
        phone.goto(url)
        assert "Valid certificate" in phone.content()
        assert "Zoë Đorđević" in phone.content() and course.title in phone.content()
        assert enrolment.certificate_code[:4] in phone.content()
        phone.screenshot(path=str(output_dir / "courses-quiz-verified.png"), full_page=True)
    finally:
        stranger.close()
