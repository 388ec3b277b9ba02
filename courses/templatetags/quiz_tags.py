from dataclasses import dataclass, field

from django import template

from portal.second_factor import SecondFactorRequired

from ..access import can_edit_page, is_instructor
from ..quizzes import mark_question

register = template.Library()


@dataclass
class QuestionView:
    id: str
    kind: str
    prompt: str
    options: list = field(default_factory=list)  # (number, text): never whether it is right
    result: object = None  # QuestionResult of the learner's last attempt


@dataclass
class QuizView:
    show_key: bool = False
    questions: list = field(default_factory=list)
    attempts_used: int = 0
    attempts_left: int = 0
    last: object = None
    passed: bool = False
    can_submit: bool = False
    lesson: object = None


def shows_answer_key(user, page):
    """Authors (a course's instructors and editors, with their second factor) check
    their quiz against its key; nobody else ever receives it."""
    if page is None or not user.is_authenticated:
        return False
    course = getattr(page, "course", None)
    if course is not None and is_instructor(user, course):
        return True
    try:
        return can_edit_page(user, page)
    except SecondFactorRequired:
        return False


@register.simple_tag(takes_context=True)
def quiz_state(context, quiz, quiz_id):
    """What a quiz block shows this visitor: the answer key, or the questions with the
    result of their last attempt and whether they may submit another."""
    from ..models import Enrolment, LessonPage, QuizAttempt

    request = context.get("request")
    user = getattr(request, "user", None)
    page = context.get("page")
    if user is not None and shows_answer_key(user, page):
        return QuizView(show_key=True)
    lesson = page if isinstance(page, LessonPage) and page.pk else None
    view = QuizView(lesson=lesson)
    attempts = []
    if lesson is not None and user is not None and user.is_authenticated and quiz_id:
        attempts = list(QuizAttempt.objects.filter(user=user, lesson=lesson, quiz_id=quiz_id))
        enrolled = Enrolment.objects.filter(user=user, course_id=lesson.get_parent().pk).exists()
        view.attempts_used = len(attempts)
        view.attempts_left = max(0, quiz["attempts_allowed"] - len(attempts))
        view.passed = any(attempt.passed for attempt in attempts)
        view.can_submit = enrolled and not view.passed and view.attempts_left > 0
    view.last = attempts[0] if attempts else None
    given = view.last.answers if view.last else {}
    for question in quiz["questions"]:
        value = question.value
        options = (
            []
            if question.block_type == "short_answer"
            else list(enumerate(a["text"] for a in value["answers"]))
        )
        result = None
        if question.id in given:
            kept = given[question.id]
            result = mark_question(question, [str(choice) for choice in kept["chosen"]])
            result.right = kept["right"]
        view.questions.append(
            QuestionView(question.id, question.block_type, value["prompt"], options, result)
        )
    return view
