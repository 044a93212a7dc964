"""One contract for the job queues: inline (runs at once) and RQ on Redis with a real worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ownverso.adapters.inline_jobs import InlineJobQueue
from ownverso.adapters.rq_jobs import RqJobQueue
from tests.support.jobs_for_tests import read_lines
from tests.support.services import REDIS_URL

JOB = "tests.support.jobs_for_tests.append_line"
REPO_ROOT = Path(__file__).resolve().parents[2]


class Inline:
    backend = "inline"

    def __init__(self) -> None:
        self.queue = InlineJobQueue()

    def run_pending(self) -> None:
        """Nothing is pending: every job already ran in ``enqueue``."""


class Rq:
    backend = "rq"

    def __init__(self, redis) -> None:
        self.queue = RqJobQueue(redis, name="contract")

    def run_pending(self) -> None:
        """A real ``rq worker`` process, in burst mode: it runs what is queued, then exits."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(REPO_ROOT), str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        rq = Path(sys.executable).parent / "rq"
        done = subprocess.run(
            [str(rq), "worker", "--burst", "--url", REDIS_URL, "--worker-class",
             "rq.worker.SimpleWorker", "--quiet", self.queue.queue.name],
            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(params=["inline", "rq"])
def jobs(request):
    if request.param == "inline":
        return Inline()
    return Rq(request.getfixturevalue("redis"))  # Redis reachable, db 15 emptied around


def test_enqueued_jobs_run_with_their_kwargs(jobs, tmp_path):
    out = tmp_path / "ran.jsonl"
    first = jobs.queue.enqueue(JOB, path=str(out), line="welcome", extra={"user": "usr_1"})
    second = jobs.queue.enqueue(JOB, path=str(out), line="digest")
    assert isinstance(first, str) and first
    assert isinstance(second, str) and second and second != first

    jobs.run_pending()

    ran = read_lines(out)
    assert [(r["line"], r["extra"]) for r in ran] == [("welcome", {"user": "usr_1"}),
                                                      ("digest", None)]
    assert jobs.queue.stats()["pending"] == 0


def test_stats_report_the_backend_and_what_waits(jobs, tmp_path):
    before = jobs.queue.stats()
    assert before["backend"] == jobs.backend
    assert before["pending"] == 0

    for n in range(3):
        jobs.queue.enqueue(JOB, path=str(tmp_path / "out.jsonl"), line=f"job {n}")
    waiting = jobs.queue.stats()["pending"]
    assert waiting == (3 if jobs.backend == "rq" else 0)

    jobs.run_pending()
    assert jobs.queue.stats()["pending"] == 0
    assert len(read_lines(tmp_path / "out.jsonl")) == 3


def test_inline_jobs_run_in_the_caller_before_enqueue_returns(tmp_path):
    queue = InlineJobQueue()
    out = tmp_path / "ran.jsonl"
    queue.enqueue(JOB, path=str(out), line="now")
    assert [(r["line"], r["pid"]) for r in read_lines(out)] == [("now", os.getpid())]
    assert queue.ran == [(JOB, {"path": str(out), "line": "now"})]


def test_rq_jobs_wait_for_a_worker_in_another_process(redis, tmp_path):
    jobs = Rq(redis)
    out = tmp_path / "ran.jsonl"
    job_id = jobs.queue.enqueue(JOB, path=str(out), line="later")
    assert not out.exists()
    assert jobs.queue.queue.job_ids == [job_id]

    jobs.run_pending()

    [record] = read_lines(out)
    assert record["line"] == "later" and record["pid"] != os.getpid()
    stats = jobs.queue.stats()
    assert (stats["pending"], stats["failed"]) == (0, 0)
