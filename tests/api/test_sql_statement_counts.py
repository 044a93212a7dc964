"""Lists run a constant number of SQL statements, whatever their length."""

from tests.support.api import sign_up_and_in
from tests.support.sql_counter import count_statements


def test_listing_sessions_costs_the_same_for_one_or_many(pg_client):
    app = pg_client.application
    me = sign_up_and_in(pg_client, app.container.mailer(), email="counter@example.com",
                        username="counter")
    engine = app.container.engine()

    with count_statements(engine) as one:
        pg_client.get("/api/v1/auth/sessions", headers=me.headers)
    for i in range(8):
        pg_client.post("/api/v1/auth/login", json={"email": me.email, "password": me.password},
                       environ_base={"REMOTE_ADDR": f"10.1.0.{i}"})
    with count_statements(engine) as many:
        response = pg_client.get("/api/v1/auth/sessions", headers=me.headers)

    assert len(response.json) == 9
    assert len(many) == len(one)
