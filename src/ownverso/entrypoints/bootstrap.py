"""Containers for the processes that are not the web app: workers, scheduler, CLI."""

from ownverso.container import Container, build_container
from ownverso.entrypoints.logs import configure_logging

# Everything with @inject; not the package root, whose wsgi module builds an app on import.
WIRED_PACKAGES = ["ownverso.entrypoints.api", "ownverso.entrypoints.workers"]
WIRED_MODULES = ["ownverso.entrypoints.files"]


_wired: list[Container] = []  # the container the modules are wired to now


def wire(container: Container) -> None:
    """Point the ``@inject`` functions at ``container`` (a no-op when they already are)."""
    if _wired and _wired[0] is container:
        return
    container.wire(packages=WIRED_PACKAGES, modules=WIRED_MODULES)
    _wired[:] = [container]


def worker_container(**overrides) -> Container:
    container = build_container(**overrides)
    settings = container.settings()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)
    wire(container)
    return container
