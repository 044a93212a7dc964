"""The `ownverso` command end to end, in subprocesses, against SQLite, Postgres and Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ownverso.adapters.sql.tables import metadata
from tests.support.services import REDIS_URL

OWNVERSO = str(Path(sys.executable).parent / "ownverso")
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict | None = None, input: str | None = None, timeout: int = 120):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OWNVERSO_", "DATABASE"))}
    return subprocess.run([OWNVERSO, *args], env={**base, **(env or {})}, cwd=ROOT, input=input,
                          capture_output=True, text=True, timeout=timeout)


def embedded_env(tmp_path: Path, **extra: str) -> dict:
    return {"VAR_DIR": str(tmp_path / "var"), "OWNVERSO_ENV": "development", **extra}


def schema_drift(url: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    return diff


def test_db_upgrade_builds_the_sqlite_schema_the_code_expects(tmp_path):
    result = run("db", "upgrade", env=embedded_env(tmp_path))
    assert result.returncode == 0, result.stderr
    url = f"sqlite:///{tmp_path / 'var' / 'ownverso.db'}"
    assert schema_drift(url) == []
    with sa.create_engine(url).connect() as connection:
        tiers = connection.execute(sa.text("SELECT tier FROM tier_limits ORDER BY tier")).all()
    assert {t for (t,) in tiers} == {"FREE", "STARTER", "GROWTH", "PROFESSIONAL", "ENTERPRISE"}


def test_db_upgrade_builds_the_postgres_schema_the_code_expects(tmp_path):
    from tests.support.services import drop_postgres_database, make_postgres_database

    url = make_postgres_database()
    try:
        result = run("db", "upgrade", env=embedded_env(tmp_path, DATABASE_URL=url))
        assert result.returncode == 0, result.stderr
        assert schema_drift(url) == []
        again = run("db", "upgrade", env=embedded_env(tmp_path, DATABASE_URL=url))
        assert again.returncode == 0, again.stderr
    finally:
        drop_postgres_database(url)


def test_openapi_prints_the_document_with_the_auth_endpoints():
    result = run("openapi")
    assert result.returncode == 0, result.stderr
    spec = json.loads(result.stdout)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/login" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_demo_loads_accounts_that_can_sign_in_and_is_idempotent(tmp_path):
    env = embedded_env(tmp_path)
    first, second = run("demo", env=env), run("demo", env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "author@demo.ownverso.local" in first.stdout
    url = f"sqlite:///{tmp_path / 'var' / 'ownverso.db'}"
    with sa.create_engine(url).connect() as connection:
        counts = [connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("users", "author_profiles", "sites", "series", "chapters")]
        published = connection.execute(sa.text(
            "SELECT count(*) FROM chapters WHERE status = 'PUBLISHED'")).scalar()
    assert counts == [2, 1, 1, 1, 3]
    assert published == 2


def test_create_admin_makes_a_verified_super_admin_and_refuses_a_duplicate(tmp_path):
    env = embedded_env(tmp_path)
    assert run("db", "upgrade", env=env).returncode == 0
    args = ("create-admin", "--email", "root@example.com", "--username", "chief",
            "--password", "a strong admin password")
    created = run(*args, env=env)
    assert created.returncode == 0, created.stderr
    assert "SUPER_ADMIN chief" in created.stdout
    duplicate = run(*args, env=env)
    assert duplicate.returncode != 0
    assert "exists" in duplicate.stderr


def test_production_without_settings_refuses_to_start_and_names_what_is_missing(tmp_path):
    result = run("db", "upgrade", env={"OWNVERSO_ENV": "production"})
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_BUCKET", "SMTP_HOST"):
        assert name in result.stderr


@pytest.mark.usefixtures("redis")
def test_the_worker_sends_the_email_a_web_request_queued_on_redis(tmp_path):
    """The web app enqueues on RQ; `ownverso worker --burst` in another process delivers."""
    from ownverso.entrypoints.app import create_app
    from ownverso.entrypoints.bootstrap import wire

    settings = {"var_dir": str(tmp_path / "var"), "jobs_backend": "rq", "redis_url": REDIS_URL,
                "mail_backend": "outbox"}
    app = create_app(env="test", **settings)
    wire(app.container)
    response = app.test_client().post("/api/v1/auth/register", json={
        "email": "queued@example.com", "password": "correct horse battery",
        "username": "queued", "display_name": "Queued"})
    assert response.status_code == 201
    outbox = tmp_path / "var" / "outbox"
    assert not outbox.exists() or not list(outbox.iterdir())  # nothing sent yet: it is queued
    assert app.container.jobs().stats()["pending"] == 1

    env = {"OWNVERSO_ENV": "test", **{k.upper(): v for k, v in settings.items()}}
    result = run("worker", "--burst", env=env)
    assert result.returncode == 0, result.stderr
    emails = list(outbox.glob("*.eml"))
    assert len(emails) == 1
    assert "queued@example.com" in emails[0].read_text()


@pytest.mark.usefixtures("redis")
def test_the_scheduler_enqueues_the_periodic_jobs(tmp_path):
    env = {"OWNVERSO_ENV": "test", "JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL,
           "VAR_DIR": str(tmp_path / "var")}
    result = run("scheduler", "--once", env=env)
    assert result.returncode == 0, result.stderr
    from redis import Redis
    from rq import Queue

    queue = Queue("default", connection=Redis.from_url(REDIS_URL))
    from ownverso.entrypoints.workers.main import PERIODIC

    assert sorted(job.func_name for job in queue.jobs) == sorted(path for path, _ in PERIODIC)
    assert "ownverso.entrypoints.workers.jobs.maintenance.purge_expired" in {
        job.func_name for job in queue.jobs}
