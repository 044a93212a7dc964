"""How fast the hot paths of identity are, on the in-memory suite and on SQLite.

Run: ``.venv/bin/pytest benchmarks --benchmark-only``. Not part of the test
suite: numbers are read by people, not asserted.
"""

import pytest

from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from tests.support.api import sign_up_and_in


@pytest.fixture(params=["memory", "sqlite"])
def signed_in(request, tmp_path):
    overrides = {} if request.param == "memory" else {
        "persistence": "sql", "database_url": f"sqlite:///{tmp_path / 'bench.db'}"}
    app = create_app(env="test", **overrides)
    if request.param == "sqlite":
        app.container.migrate()
    wire(app.container)
    client = app.test_client()
    me = sign_up_and_in(client, app.container.mailer())
    for i in range(49):  # 50 live sessions to list, from many addresses (per-IP throttle)
        client.post("/api/v1/auth/login", json={"email": me.email, "password": me.password},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
    return client, me


def test_an_authenticated_request(benchmark, signed_in):
    client, me = signed_in
    response = benchmark(client.get, "/api/v1/auth/me", headers=me.headers)
    assert response.status_code == 200


def test_listing_fifty_sessions(benchmark, signed_in):
    client, me = signed_in
    response = benchmark(client.get, "/api/v1/auth/sessions?page_size=50", headers=me.headers)
    assert len(response.json) == 50
