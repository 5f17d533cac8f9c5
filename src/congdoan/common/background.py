"""Background work: the django-tasks database worker, run inside ``congdoan serve``.

Long work (a member list import: seconds to minutes) is a django-tasks task
queued in the database (``settings.TASKS``, the ``django_tasks_db``
backend). ``congdoan serve`` starts one worker thread beside waitress
(:func:`start_worker`), so a provincial server is still one process to
start and stop; tasks run one at a time, which is what SQLite's single
writer wants anyway. Tests use django-tasks' immediate backend (the task
runs inside the request), or :func:`run_queued` to run what a page queued.
Why this and not a thread per job or a separate service:
docs/decisions/0004-background-imports.md.

A task cut short by a stop of the server leaves its work undone (every
import is one transaction) and its result marked running; the next start
marks such results failed, and the pages that follow a task report it.
"""

from __future__ import annotations

import logging
import threading

from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends

logger = logging.getLogger(__name__)

#: Seconds between two looks at the queue when it is empty.
POLL_INTERVAL = 1.0


def _uses_database() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def _worker(*, batch: bool):  # type: ignore[no-untyped-def]
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=POLL_INTERVAL,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
    )


def abandon_running() -> int:
    """Mark failed the tasks a stopped server left running; call before this server's worker starts."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def start_worker() -> threading.Thread | None:
    """Start the worker thread of this server (None when tasks do not go through the database)."""
    if not _uses_database():
        return None
    abandoned = abandon_running()
    if abandoned:
        logger.warning("%d background task(s) interrupted by the last stop were marked failed", abandoned)
    worker = _worker(batch=False)

    def run() -> None:
        try:
            worker.run()
        except Exception:
            logger.exception("the background worker stopped")
            raise

    thread = threading.Thread(target=run, name="congdoan-tasks", daemon=True)
    thread.start()
    return thread


def run_queued() -> int:
    """Run every queued task in this thread, then return how many ran (tests).

    The worker's own loop drops the database connection between tasks, which
    would end a test's transaction: this loop claims and runs them itself.
    """
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = _worker(batch=True)
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        with exclusive_transaction(ready.db):
            result = ready.get_locked()
            if result is not None:
                result.claim(worker.worker_id)
        if result is None:
            return ran
        worker.run_task(result)
        ran += 1
