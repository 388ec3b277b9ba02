import pytest

from courses.factories import quiz_block
from courses.models import Enrolment, LessonProgress


@pytest.mark.browser
def test_a_learner_fails_a_quiz_reads_the_feedback_and_passes(
    live_server, browser_page, output_dir, course_tree, make_user
):
    course = course_tree.course
    course.quizzes_required = True
    course.save_revision().publish()
    lesson = course_tree.lessons[0]
    lesson.body = [("paragraph", "<p>Tacit and explicit knowledge.</p>"), quiz_block(pass_mark=100)]
    lesson.save_revision().publish()
    learner = make_user(email="quiz-taker@example.com")
    Enrolment.objects.create(user=learner, course=course)

    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "quiz-taker@example.com")
    page.fill("#id_password", "correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(live_server.url + lesson.url)
    assert "Pass the quiz above to complete this lesson." in page.content()
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
    assert not LessonProgress.objects.filter(user=learner).exists()

    page.get_by_label("Tacit", exact=True).check()
    page.get_by_label("People", exact=True).check()
    page.get_by_label("Stories", exact=True).check()
    page.get_by_label("What is the meeting after a project called?").fill("After-action review")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(live_server.url + course_tree.lessons[1].url)
    assert "You passed the quiz with 100%." in page.content()
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
