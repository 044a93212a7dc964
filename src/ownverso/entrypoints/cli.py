"""The ``ownverso`` command: serve, worker, scheduler, db upgrade, secrets rotate, openapi, demo,
create-admin."""

import json
import sys

import click

from ownverso.entrypoints.bootstrap import worker_container


@click.group()
def main() -> None:
    """Ownverso: run the platform, its workers and its chores."""


def _config_error(error: Exception) -> None:
    raise click.ClickException(str(error)) from error


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int,
              help="gunicorn worker processes (default: 2, or 1 on SQLite/in-memory)")
@click.option("--threads", default=4, show_default=True, type=int)
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    """Serve the API with gunicorn (migrations are applied first on the embedded SQLite)."""
    from ownverso.entrypoints.server import serve as run

    container = _container()
    settings = container.settings()
    if settings.is_embedded_sqlite:
        container.migrate()
    single = settings.persistence == "memory" or settings.is_embedded_sqlite
    click.echo(f"Ownverso on http://{host}:{port}/api/docs (env {settings.env})")
    run(container, host=host, port=port, workers=workers or (1 if single else 2),
        threads=threads)


@main.command()
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty")
def worker(queues: tuple[str, ...], burst: bool) -> None:
    """Run an RQ worker on Redis (JOBS_BACKEND=rq)."""
    from ownverso.entrypoints.workers.main import run_worker

    run_worker(list(queues), burst=burst)


@main.command()
@click.option("--once", is_flag=True, help="Enqueue what is due once and stop")
def scheduler(once: bool) -> None:
    """Enqueue the periodic jobs when they are due."""
    from ownverso.entrypoints.workers.main import run_scheduler

    run_scheduler(once=once)


@main.group()
def db() -> None:
    """Database chores."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (Postgres or SQLite, from DATABASE_URL)."""
    container = _container()
    container.migrate()
    click.echo(f"Database at head: {container.settings().sql_url.split('@')[-1]}")


@main.group("secrets")
def secrets_group() -> None:
    """Secrets kept encrypted at rest."""


@secrets_group.command("rotate")
def secrets_rotate() -> None:
    """Encrypt every stored secret again with the current SECRET_KEY (gateway credentials,
    two-factor secrets, sign-in provider tokens, license keys; those sealed with a key of
    ENCRYPTION_KEYS are read with it); a second run changes nothing."""
    container = _container()
    if container.settings().is_embedded_sqlite:
        container.migrate()
    unreadable = 0
    for label, report in container.secret_rotation().rotate():
        click.echo(f"{label.capitalize()}: {report.rotated} re-encrypted, {report.current} "
                   f"already current, {report.unreadable} unreadable ({report.total} in all)")
        unreadable += report.unreadable
    if unreadable:
        raise click.ClickException(
            f"{unreadable} secrets open with no key: add the SECRET_KEY they were "
            "encrypted with to ENCRYPTION_KEYS and run this again.")


@main.command()
def openapi() -> None:
    """Print the OpenAPI document as JSON."""
    from ownverso.entrypoints.app import create_app

    app = create_app(env="test")
    json.dump(app.extensions["ownverso-api"].spec.to_dict(), sys.stdout, indent=2)
    sys.stdout.write("\n")


@main.command()
def demo() -> None:
    """Load demo accounts (and, as modules land, their sites and stories)."""
    container = _container()
    if container.settings().is_embedded_sqlite:
        container.migrate()
    for account in container.demo().load():
        click.echo(f"{account.role:8} {account.email}  password: {account.password}")


@main.command("create-admin")
@click.option("--email", required=True)
@click.option("--username", required=True)
@click.option("--display-name", default="Administrator", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["ADMIN", "SUPER_ADMIN"]), default="SUPER_ADMIN",
              show_default=True)
def create_admin(email: str, username: str, display_name: str, password: str,
                 role: str) -> None:
    """Create a platform administrator."""
    from ownverso.domain.errors import DomainError
    from ownverso.domain.identity.values import UserRole
    from ownverso.services.errors import ServiceError

    container = _container()
    try:
        user = container.admin().create_admin(email=email, username=username, password=password,
                                              display_name=display_name, role=UserRole(role))
    except (ServiceError, DomainError) as error:
        details = getattr(error, "fields", {})
        raise click.ClickException(f"{error.message} {details or ''}".strip()) from error
    click.echo(f"Created {user.role} {user.username} <{user.email}> ({user.id})")


def _container():
    from ownverso.settings import ConfigError

    try:
        return worker_container()
    except ConfigError as error:
        _config_error(error)
