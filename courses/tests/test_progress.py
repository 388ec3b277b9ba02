import pytest
from django.core import mail
from django.test import Client

from courses.certificates import display_code
from courses.factories import EnrolmentFactory, LessonPageFactory, LessonProgressFactory
from courses.learning import LearningError, complete_lesson
from courses.models import Enrolment, LessonProgress
from courses.progress import progress_for_courses

pytestmark = pytest.mark.django_db


def complete_url(lesson):
    return f"/courses/-/complete/{lesson.pk}/"


@pytest.fixture
def learner(course_tree, make_user):
    """Enrolled but not signed in: these tests sign in themselves, some after asking as
    an anonymous visitor."""
    user = make_user()
    EnrolmentFactory(user=user, course=course_tree.course)
    return user


def test_marking_a_lesson_complete_goes_to_the_next_lesson(client, course_tree, learner):
    client.force_login(learner)
    response = client.post(complete_url(course_tree.lessons[0]))
    assert response.status_code == 302
    assert response.url == course_tree.lessons[1].url
    assert LessonProgress.objects.filter(user=learner, lesson=course_tree.lessons[0]).count() == 1


def test_marking_complete_twice_is_idempotent(client, course_tree, learner):
    client.force_login(learner)
    client.post(complete_url(course_tree.lessons[0]))
    first = LessonProgress.objects.get(user=learner)
    client.post(complete_url(course_tree.lessons[0]))
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert LessonProgress.objects.get(user=learner).completed_at == first.completed_at


def test_the_course_completes_when_every_live_lesson_is_complete(
    client, course_tree, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    for lesson in course_tree.lessons[:2]:
        client.post(complete_url(lesson))
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is None and enrolment.certificate_code is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(complete_url(course_tree.lessons[2]))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert len(enrolment.certificate_code) == 12
    assert response.url == f"/courses/-/certificates/{course_tree.course.pk}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert (
        f"http://testserver/courses/-/verify/{display_code(enrolment.certificate_code)}/"
        in mail.outbox[0].body
    )
    assert course_tree.course.title in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        client.post(complete_url(course_tree.lessons[2]))
    assert len(mail.outbox) == 1


def test_the_certificate_email_goes_through_the_task_queue(
    client, course_tree, learner, settings, django_capture_on_commit_callbacks
):
    """Queued once the completion commits (not sent in the request), then sent by its
    task through portal.mail's backend, which queues the delivery (portal.tasks)."""
    from django_tasks_db.models import DBTaskResult

    from courses.emails import send_certificate_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "portal.mail.TaskQueueEmailBackend"
    client.force_login(learner)
    for lesson in course_tree.lessons[:2]:
        client.post(complete_url(lesson))
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(complete_url(course_tree.lessons[2]))
    certificate_tasks = DBTaskResult.objects.filter(task_path="courses.emails.send_certificate_email")
    assert not certificate_tasks.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    queued = certificate_tasks.get()
    assert queued.status == "READY"
    assert mail.outbox == []

    enrolment = Enrolment.objects.get(user=learner)
    assert send_certificate_email.call(*queued.args_kwargs["args"]) is True
    delivery = DBTaskResult.objects.get(task_path="portal.tasks.deliver_email")
    message = delivery.args_kwargs["args"][0]
    assert message["to"] == [learner.email] and course_tree.course.title in message["subject"]
    assert display_code(enrolment.certificate_code) in message["body"]


def test_a_queue_that_fails_never_undoes_the_completion(
    client, course_tree, learner, monkeypatch, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr("courses.emails.send_certificate_email", SimpleNamespace(enqueue=refuse))
    client.force_login(learner)
    for lesson in course_tree.lessons[:2]:
        client.post(complete_url(lesson))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(complete_url(course_tree.lessons[2]))
    assert response.status_code == 302
    assert Enrolment.objects.get(user=learner).completed_at is not None and mail.outbox == []


def test_unpublished_lessons_do_not_hold_back_completion(course_tree, learner):
    draft = LessonPageFactory(parent=course_tree.course, title="Draft lesson")
    draft.unpublish()
    for lesson in course_tree.lessons:
        complete_lesson(learner, lesson)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_a_lesson_added_after_completion_leaves_the_certificate_alone(course_tree, learner):
    for lesson in course_tree.lessons:
        complete_lesson(learner, lesson)
    code = Enrolment.objects.get(user=learner).certificate_code
    new = LessonPageFactory(parent=course_tree.course, title="Bonus lesson")
    completion = complete_lesson(learner, new)
    assert not completion.newly_completed_course
    assert Enrolment.objects.get(user=learner).certificate_code == code


def test_a_learner_who_is_not_enrolled_cannot_record_progress(client, course_tree, make_user):
    outsider = make_user()
    client.force_login(outsider)
    response = client.post(complete_url(course_tree.lessons[0]), follow=True)
    assert LessonProgress.objects.count() == 0
    assert "Enrol in the course to record your progress." in response.content.decode()
    with pytest.raises(LearningError):
        complete_lesson(outsider, course_tree.lessons[0])


def test_mark_complete_refuses_get_anonymous_and_cross_site_posts(client, course_tree, learner):
    assert client.post(complete_url(course_tree.lessons[0])).url.startswith("/accounts/login/")
    client.force_login(learner)
    assert client.get(complete_url(course_tree.lessons[0])).status_code == 405
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert browser.post(complete_url(course_tree.lessons[0])).status_code == 403
    assert LessonProgress.objects.count() == 0


def test_an_unknown_or_unpublished_lesson_is_404(client, course_tree, learner):
    client.force_login(learner)
    assert client.post("/courses/-/complete/999999/").status_code == 404
    assert client.post(f"/courses/-/complete/{course_tree.course.pk}/").status_code == 404
    course_tree.lessons[1].unpublish()
    assert client.post(complete_url(course_tree.lessons[1])).status_code == 404
    assert LessonProgress.objects.count() == 0


def test_continue_where_you_left_off(client, course_tree, learner):
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[0])
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[2])
    progress = progress_for_courses(learner, [course_tree.course])[course_tree.course.pk]
    assert (progress.done, progress.total, progress.percent) == (2, 3, 67)
    assert progress.next_lesson.pk == course_tree.lessons[1].pk
    client.force_login(learner)
    html = client.get(course_tree.course.url).content.decode()
    assert "Continue where you left off" in html
    assert f'href="{course_tree.lessons[1].url}">Continue where you left off' in html


def test_the_lesson_page_shows_progress_and_state(client, course_tree, learner):
    LessonProgressFactory(user=learner, lesson=course_tree.lessons[0])
    client.force_login(learner)
    html = client.get(course_tree.lessons[0].url).content.decode()
    assert "You have completed this lesson." in html
    assert "1 of 3 complete" in html
    html = client.get(course_tree.lessons[1].url).content.decode()
    assert f'action="{complete_url(course_tree.lessons[1])}"' in html
    assert "Lesson 2 of 3" in html


def test_a_certificate_task_queued_with_the_site_name_still_sends(client, course_tree, learner):
    """Tasks queued before the name came from Site settings carry it as a second
    argument; after a deploy they still run."""
    from courses.emails import send_certificate_email

    client.force_login(learner)
    for lesson in course_tree.lessons:
        client.post(complete_url(lesson))
    mail.outbox.clear()
    enrolment = Enrolment.objects.get(user=learner)

    assert send_certificate_email.call(enrolment.pk, "KMP Portal") is True
    assert [message.to for message in mail.outbox] == [[learner.email]]
