"""Containers for the processes that are not the web app: workers, scheduler, CLI."""

from ownverso.container import Container, build_container
from ownverso.entrypoints.logs import configure_logging

# Everything with @inject; not the package root, whose wsgi module builds an app on import.
WIRED_PACKAGES = ["ownverso.entrypoints.api", "ownverso.entrypoints.workers"]
WIRED_MODULES = ["ownverso.entrypoints.files"]


def wire(container: Container) -> None:
    container.wire(packages=WIRED_PACKAGES, modules=WIRED_MODULES)


def worker_container(**overrides) -> Container:
    container = build_container(**overrides)
    settings = container.settings()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)
    wire(container)
    return container
