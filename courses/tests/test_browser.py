import re

import pytest
from django.core import mail

from courses.certificates import display_code
from courses.models import Enrolment, LessonProgress


@pytest.mark.browser
def test_newcomer_signs_up_takes_a_course_to_completion_and_verifies_the_certificate(
    live_server, browser_page, chromium, output_dir, course_tree
):
    page = browser_page
    course = course_tree.course
    csp_violations = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append((page.url, msg.text)) if "Content Security Policy" in msg.text else None
        ),
    )

    # A visitor finds the course, previews nothing more than the first lesson, and signs up from it.
    page.goto(live_server.url + course.url)
    assert page.locator("h1").inner_text() == course.title
    page.screenshot(path=str(output_dir / "courses-1-course-anonymous.png"), full_page=True)
    page.goto(live_server.url + course_tree.lessons[1].url)
    assert "Sign in and enrol in the course to read this lesson" in page.content()
    assert "only enrolled learners read this" not in page.content()

    page.get_by_role("link", name="Create an account").first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.fill("#id_email", "newcomer@example.com")
    page.fill("#id_first_name", "Nadia")
    page.fill("#id_last_name", "Haddad")
    page.fill("#id_password1", "a-sturdy-passphrase-42")
    page.fill("#id_password2", "a-sturdy-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the same browser signs the newcomer in and takes them back to the lesson.
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    assert page.url.endswith(course_tree.lessons[1].url)
    page.goto(live_server.url + course.url)
    assert page.get_by_role("link", name="Sign in to enrol").count() == 0
    page.get_by_role("button", name="Enrol in this course").click()
    page.wait_for_url(f"**{course.url}")
    assert "You are enrolled" in page.content()
    page.screenshot(path=str(output_dir / "courses-2-enrolled.png"), full_page=True)
    page.get_by_role("link", name="Start the course").click()

    # Every lesson, in order, marked complete; the last one leads to the certificate.
    for number, lesson in enumerate(course_tree.lessons, start=1):
        page.wait_for_url(f"**{lesson.url}")
        assert page.locator("h1").inner_text() == lesson.title
        assert "only enrolled learners read this" in page.content()
        if number == 2:
            page.screenshot(path=str(output_dir / "courses-3-lesson.png"), full_page=True)
        page.get_by_role("button", name=re.compile(r"^Mark complete")).click()

    page.wait_for_url(f"**/courses/-/certificates/{course.pk}/")
    assert "Certificate of completion" in page.content()
    assert "Nadia Haddad" in page.locator(".certificate__name").inner_text()
    page.screenshot(path=str(output_dir / "courses-4-certificate.png"), full_page=True)
    verification_url = page.locator("#verification-url").input_value()

    enrolment = Enrolment.objects.get(user__email="newcomer@example.com", course=course)
    assert enrolment.completed_at is not None
    assert LessonProgress.objects.filter(user=enrolment.user).count() == len(course_tree.lessons)
    assert verification_url.endswith(f"/courses/-/verify/{display_code(enrolment.certificate_code)}/")

    # Anyone with the link, signed in or not, can check the certificate.
    stranger = chromium.new_context()
    try:
        other = stranger.new_page()
        other.goto(verification_url.replace("http://testserver", live_server.url))
        assert "Valid certificate" in other.content()
        assert "Nadia Haddad" in other.content()
        other.screenshot(path=str(output_dir / "courses-5-verified.png"), full_page=True)
    finally:
        stranger.close()
    # Only this app's pages: allauth's sign-up honeypot carries an inline style (reported).
    assert [(url, text) for url, text in csp_violations if "/accounts/" not in url] == []
