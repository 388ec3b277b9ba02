"""Quizzes: marked on the server, attempts limited, a pass completes the lesson."""

import pytest

from community.people import roles
from courses.factories import LessonPageFactory, quiz_block
from courses.learning import LearningError, complete_lesson, submit_quiz
from courses.models import Enrolment, LessonProgress, QuizAttempt
from courses.quizzes import lesson_quizzes, mark, normalise
from courses.reports import quiz_results
from portal.tests.threads import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_lesson(course_tree):
    """The course's last lesson carries a quiz (pass mark 100%, two attempts)."""
    lesson = course_tree.lessons[-1]
    lesson.body = [("paragraph", "<p>Reviews after projects.</p>"), quiz_block()]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def answers_for(lesson, single="1", multiple=("0", "1"), short="After-action review."):
    quiz = lesson_quizzes(lesson)[0]
    first, second, third = (question.id for question in quiz.value["questions"])
    return quiz.id, {first: [single], second: list(multiple), third: [short]}


def post_quiz(client, lesson, quiz_id, answers):
    data = {"quiz": quiz_id, **{f"q-{key}": values for key, values in answers.items()}}
    return client.post(f"/courses/-/quiz/{lesson.pk}/", data, follow=True)


def test_marking_counts_each_question_and_compares_short_answers_loosely(quiz_lesson):
    quiz_id, answers = answers_for(quiz_lesson)
    quiz = lesson_quizzes(quiz_lesson)[0].value
    grade = mark(quiz, answers)
    assert (grade.score, grade.passed) == (100, True)
    assert normalise("  After-Action   REVIEW. ") == "after-action review"

    quiz_id, answers = answers_for(quiz_lesson, single="0", multiple=("0",), short="aar")
    grade = mark(quiz, answers)
    assert [result.right for result in grade.results] == [False, False, True]
    assert (grade.score, grade.passed) == (33, False)
    assert grade.results[0].feedback == ["Explicit knowledge is written down."]


def test_tampered_answers_are_wrong_not_errors(quiz_lesson):
    quiz = lesson_quizzes(quiz_lesson)[0].value
    single, multiple, short = (question.id for question in quiz["questions"])
    # Both choices of a single-choice question, a choice that does not exist, junk.
    grade = mark(quiz, {single: ["0", "1"], multiple: ["0", "1", "2", "99", "x"], short: ["x" * 5000]})
    assert [result.right for result in grade.results] == [False, False, False]
    assert grade.results[1].chosen == [0, 1, 2]
    assert len(grade.results[2].chosen[0]) == 200


def test_learners_never_receive_the_right_answers_before_submitting(client, quiz_lesson, learner):
    content = client.get(quiz_lesson.url).content.decode()
    assert "Which knowledge lives in people&#x27;s heads?" in content
    for secret in ("(right)", "Yes: tacit knowledge.", "AAR", "Look again at the section", "Accepted:"):
        assert secret not in content
    assert 'name="quiz"' in content and "Submit answers" in content


def test_the_instructor_sees_the_answer_key(client, course_tree, quiz_lesson):
    client.force_login(course_tree.instructor.user)
    content = client.get(quiz_lesson.url).content.decode()
    assert "Answer key" in content and "AAR" in content and "Yes: tacit knowledge." in content
    assert "Submit answers" not in content


def test_a_learner_fails_then_passes_and_the_pass_completes_the_lesson(
    client, settings, quiz_lesson, learner
):
    settings.COURSES_LESSON_MIN_SECONDS = 3600  # time alone would not complete it now
    quiz_id, wrong = answers_for(quiz_lesson, single="0")
    content = post_quiz(client, quiz_lesson, quiz_id, wrong).content.decode()
    assert "You scored 67%, below the pass mark" in content
    assert "Explicit knowledge is written down." in content  # feedback on what they chose
    assert "1 attempt left" in content
    assert not LessonProgress.objects.filter(user=learner, lesson=quiz_lesson).exists()

    quiz_id, right = answers_for(quiz_lesson)
    post_quiz(client, quiz_lesson, quiz_id, right)
    assert LessonProgress.objects.filter(user=learner, lesson=quiz_lesson).exists()
    assert list(QuizAttempt.objects.filter(user=learner).values_list("score", "passed")) == [
        (100, True),
        (67, False),
    ]
    with pytest.raises(LearningError, match="already passed"):
        submit_quiz(learner, quiz_lesson, quiz_id, right)


def test_attempts_are_limited_on_the_server(client, quiz_lesson, learner):
    quiz_id, wrong = answers_for(quiz_lesson, single="0")
    post_quiz(client, quiz_lesson, quiz_id, wrong)
    post_quiz(client, quiz_lesson, quiz_id, wrong)
    quiz_id, right = answers_for(quiz_lesson)
    content = post_quiz(client, quiz_lesson, quiz_id, right).content.decode()
    assert "You have used all 2 attempts at this quiz." in content
    assert QuizAttempt.objects.filter(user=learner).count() == 2
    assert not QuizAttempt.objects.filter(user=learner, passed=True).exists()


def test_only_enrolled_learners_of_that_lesson_can_post(client, make_user, course_tree, quiz_lesson):
    quiz_id, right = answers_for(quiz_lesson)
    outsider = make_user()
    client.force_login(outsider)
    content = post_quiz(client, quiz_lesson, quiz_id, right).content.decode()
    assert "Enrol in the course to read this lesson" in content
    # A quiz id from another lesson is not a quiz of this one.
    other = LessonPageFactory(parent=course_tree.course, body=[quiz_block()])
    Enrolment.objects.create(user=outsider, course=course_tree.course)
    content = post_quiz(client, other, quiz_id, right).content.decode()
    assert "no longer part of the lesson" in content
    assert not QuizAttempt.objects.exists()
    assert client.get(f"/courses/-/quiz/{quiz_lesson.pk}/").status_code == 405


def test_a_course_that_requires_its_quizzes_completes_only_with_a_pass(
    client, course_tree, quiz_lesson, learner
):
    course = course_tree.course
    course.quizzes_required = True
    course.save_revision().publish()
    for lesson in course_tree.lessons[:-1]:
        client.get(lesson.url)
        complete_lesson(learner, lesson)
    client.get(quiz_lesson.url)
    with pytest.raises(LearningError, match="Pass the quiz"):
        complete_lesson(learner, quiz_lesson.__class__.objects.get(pk=quiz_lesson.pk))
    quiz_id, right = answers_for(quiz_lesson)
    response = post_quiz(client, quiz_lesson, quiz_id, right)
    assert response.redirect_chain[-1][0] == f"/courses/-/certificates/{course.pk}/"
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_the_course_report_shows_results_per_question(client, course_tree, quiz_lesson, learner, make_user):
    quiz_id, wrong = answers_for(quiz_lesson, single="0")
    submit_quiz(learner, quiz_lesson, quiz_id, wrong)
    quiz_id, right = answers_for(quiz_lesson)
    submit_quiz(learner, quiz_lesson, quiz_id, right)
    [quiz] = quiz_results(course_tree.course)
    assert (quiz.learners, quiz.passed, quiz.attempts) == (1, 1, 2)
    assert [(q.first_right, q.first_answered, q.right, q.answered) for q in quiz.questions] == [
        (0, 1, 1, 2),
        (1, 1, 2, 2),
        (1, 1, 2, 2),
    ]
    client.force_login(make_user(roles.EDITORS))
    content = client.get(f"/admin/course-reports/{course_tree.course.pk}/").content.decode()
    assert "Which knowledge lives in people&#x27;s heads?" in content
    assert "0 / 1 (0%)" in content and "1 / 2 (50%)" in content


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_exceed_the_allowance(course_tree, make_user):
    lesson = course_tree.lessons[-1]
    lesson.body = [quiz_block(attempts_allowed=2)]
    lesson.save_revision().publish()
    learner = make_user()
    Enrolment.objects.create(user=learner, course=course_tree.course)
    quiz_id, wrong = answers_for(lesson, single="0")

    def attempt():
        try:
            submit_quiz(learner, lesson, quiz_id, wrong)
        except LearningError:
            pass

    run_at_once(attempt, [()] * 6)
    assert QuizAttempt.objects.filter(user=learner).count() == 2
