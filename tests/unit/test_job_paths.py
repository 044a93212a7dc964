"""Every job a service enqueues by path (a ``*_JOB`` constant) names a function the workers
can import: a misspelt path would only fail in a worker, after the request that queued it."""

import importlib
import pkgutil

import pytest

import ownverso.services
from ownverso.adapters.inline_jobs import resolve


def job_paths() -> list[tuple[str, str]]:
    found = []
    for module in pkgutil.walk_packages(ownverso.services.__path__, "ownverso.services."):
        loaded = importlib.import_module(module.name)
        found += [(f"{module.name}.{name}", value) for name, value in vars(loaded).items()
                  if name.endswith("_JOB") and isinstance(value, str)
                  and value.startswith("ownverso.")]
    return sorted(set(found))


def test_services_enqueue_jobs_by_path():
    assert len(job_paths()) >= 6


@pytest.mark.parametrize(("constant", "path"), job_paths())
def test_each_job_path_names_a_worker_function(constant, path):
    assert path.startswith("ownverso.entrypoints.workers.jobs."), constant
    assert callable(resolve(path)), constant
