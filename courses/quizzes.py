"""Quizzes in lessons: marking an attempt on the server and what a learner has passed.

A quiz is a `quiz` block in a lesson's body, named by its block id. Marking is a pure
function of the quiz and the posted answers; the right answers never leave the server
except in the author's answer key."""

from dataclasses import dataclass, field

SHORT_ANSWER_MAX = 200


@dataclass
class QuestionResult:
    question_id: str
    right: bool
    chosen: list = field(default_factory=list)  # choice numbers (from 0) or the typed answer
    feedback: list = field(default_factory=list)


@dataclass
class Grade:
    results: list
    score: int  # per cent of questions answered right
    passed: bool

    def as_answers(self):
        """What an attempt keeps: per question, what was chosen and whether it was right."""
        return {r.question_id: {"chosen": r.chosen, "right": r.right} for r in self.results}


def normalise(text):
    """Short answers compare without capitals, extra spaces or a final full stop."""
    return " ".join(str(text).split()).casefold().rstrip(".").strip()


def right_choices(question):
    return {index for index, answer in enumerate(question.value["answers"]) if answer["right"] == "right"}


def mark_question(question, given):
    """QuestionResult for one question; `given` is the list of posted values for it."""
    value = question.value
    if question.block_type == "short_answer":
        text = (given[0] if given else "")[:SHORT_ANSWER_MAX].strip()
        right = bool(text) and normalise(text) in {normalise(answer) for answer in value["accepted"]}
        feedback = value["feedback_correct"] if right else value["feedback_incorrect"]
        return QuestionResult(question.id, right, [text] if text else [], [feedback] if feedback else [])
    answers = value["answers"]
    chosen = sorted({int(v) for v in given if str(v).isdigit() and int(v) < len(answers)})
    if question.block_type == "single_choice":
        right = len(chosen) == 1 and chosen[0] in right_choices(question)
    else:
        right = bool(chosen) and set(chosen) == right_choices(question)
    feedback = [answers[index]["feedback"] for index in chosen if answers[index]["feedback"]]
    return QuestionResult(question.id, right, chosen, feedback)


def mark(quiz, answers):
    """Grade a quiz (the block's value) against {question id: [posted values]}."""
    questions = list(quiz["questions"])
    results = [mark_question(question, answers.get(question.id, [])) for question in questions]
    score = round(100 * sum(result.right for result in results) / len(results)) if results else 0
    return Grade(results=results, score=score, passed=bool(results) and score >= quiz["pass_mark"])


def lesson_quizzes(lesson):
    """The quiz blocks of a lesson's body, in order."""
    return [child for child in lesson.body if child.block_type == "quiz"]


def find_quiz(lesson, quiz_id):
    return next((child for child in lesson_quizzes(lesson) if child.id == quiz_id), None)


def passed_quiz_ids(user, lesson):
    from .models import QuizAttempt

    if not user.is_authenticated:
        return set()
    return set(
        QuizAttempt.objects.filter(user=user, lesson=lesson, passed=True).values_list("quiz_id", flat=True)
    )


def check_passed(user, lesson):
    """True when the lesson has quizzes and the learner has passed every one: a passed check."""
    quiz_ids = {child.id for child in lesson_quizzes(lesson)}
    return bool(quiz_ids) and quiz_ids <= passed_quiz_ids(user, lesson)
