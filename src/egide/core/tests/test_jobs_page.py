"""The operators' jobs page: staff only, task results with counts, sweeps, workers, and the retry."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from egide.accounts.tests.factories import UserFactory
from egide.core.models import AuditEvent, WorkerHeartbeat
from egide.core.tasks import ATTEMPT_KWARG, TaskResultStatus, egide_task

URL = "/ops/jobs/"


@egide_task(retries=1)
def send_notice(notice_id: int, channel: str = "email") -> None:
    """A task whose failures the page shows."""


def _result(status: str = TaskResultStatus.FAILED, **kwargs) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        args_kwargs={"args": [12], "kwargs": {"channel": "sms", ATTEMPT_KWARG: 2}},
        task_path=f"{__name__}.send_notice",
        backend_name="default",
        status=status,
        started_at=now,
        finished_at=now if status != TaskResultStatus.READY else None,
        exception_class_path="smtplib.SMTPServerDisconnected" if status == "FAILED" else "",
        traceback=(
            "Traceback (most recent call last):\n  ...\n"
            "smtplib.SMTPServerDisconnected: Connection unexpectedly closed\n"
            if status == TaskResultStatus.FAILED
            else ""
        ),
        worker_ids=["w1"],
        **kwargs,
    )


@pytest.fixture
def operator(client, login):
    """A signed-in platform operator reading the page in English (assertions read English text)."""
    user = UserFactory(is_staff=True, email="ops@egide.example")
    login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_signed_in_non_staff_get_403_and_cannot_retry(client, login, dpo):
    failed = _result()
    login(dpo)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"result_id": str(failed.id)})
    assert response.status_code == 403
    assert DBTaskResult.objects.count() == 1
    assert not AuditEvent.objects.filter(action="task.retry").exists()


@pytest.mark.django_db
def test_staff_see_a_failed_task_with_its_error_and_the_counts(client, operator):
    _result()
    _result(TaskResultStatus.SUCCESSFUL)
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="app-1",
        pid=4242,
        started_at=timezone.now(),
        seen_at=timezone.now(),
    )
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "send_notice" in page
    assert "smtplib.SMTPServerDisconnected" in page
    assert "<br>Connection unexpectedly closed</td>" in page  # the message, without the class again
    assert "2 of 2" in page  # second attempt of a task declared with one retry
    assert "platform.prune_task_results" in page  # the registered sweeps
    assert "app-1" in page
    assert "4242" in page
    counts = dict((value, total) for value, _label, total in response.context["counts"])
    assert counts == {"READY": 0, "RUNNING": 0, "FAILED": 1, "SUCCESSFUL": 1}


@pytest.mark.django_db
def test_status_filter_and_htmx_partial(client, operator):
    _result()
    _result(TaskResultStatus.SUCCESSFUL)
    response = client.get(URL, {"status": "FAILED"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="job-results"' in fragment
    assert fragment.count("<code>send_notice</code>") == 1
    assert "smtplib.SMTPServerDisconnected" in fragment
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_unknown_status_is_a_form_error(client, operator):
    _result()
    response = client.get(URL, {"status": "EXPLODED"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This status is not valid" in page
    assert page.count("<code>send_notice</code>") == 1  # unfiltered list shown under the error


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_rows(client, operator, django_assert_num_queries):
    _result()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_row:
        client.get(URL)
    for _ in range(15):
        _result()
    with django_assert_num_queries(len(one_row.captured_queries)):
        client.get(URL)


@pytest.mark.django_db
def test_retry_enqueues_the_same_arguments_once_and_is_audited(
    client, operator, django_capture_on_commit_callbacks
):
    failed = _result()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"result_id": str(failed.id), "status": "FAILED"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?status=FAILED"

    again = DBTaskResult.objects.exclude(id=failed.id).get()
    assert again.status == TaskResultStatus.READY
    assert again.task_path == failed.task_path
    assert again.args_kwargs == {"args": [12], "kwargs": {"channel": "sms"}}  # fresh retry budget
    event = AuditEvent.objects.get(action="task.retry")
    assert event.organisation is None
    assert event.actor == operator
    assert event.object_id == str(failed.id)

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(URL, {"result_id": str(failed.id)})
    assert second.status_code == 400
    assert "already been retried" in second.content.decode()
    assert DBTaskResult.objects.count() == 2
    assert AuditEvent.objects.filter(action="task.retry").count() == 1

    page = client.get(URL).content.decode()
    assert "retried by an operator" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("result_id", "message"),
    [("not-a-uuid", "valid UUID"), ("4b0e0f7e-0000-4000-8000-000000000000", "no such task")],
)
def test_retry_of_unknown_results_is_refused(client, operator, result_id, message):
    response = client.post(URL, {"result_id": result_id})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DBTaskResult.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_only_failed_tasks_can_be_retried(client, operator, django_capture_on_commit_callbacks):
    done = _result(TaskResultStatus.SUCCESSFUL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"result_id": str(done.id)})
    assert response.status_code == 400
    assert "Only a failed task can be retried" in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert not AuditEvent.objects.filter(action="task.retry").exists()


@pytest.mark.django_db
def test_a_task_gone_from_the_code_cannot_be_retried(client, operator):
    gone = _result()
    DBTaskResult.objects.filter(id=gone.id).update(task_path="egide.nowhere.vanished_task")
    response = client.post(URL, {"result_id": str(gone.id)})
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()
    assert DBTaskResult.objects.count() == 1
