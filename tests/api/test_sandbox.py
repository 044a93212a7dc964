"""The sandbox gateway's checkout page lets a developer play the paying customer."""


def make_checkout(app, key="order-1"):
    return app.container.payment_gateway().create_checkout(
        amount=49_900, currency="inr", description="Gold tier", metadata={"order": "1"},
        success_url="https://example.com/ok", cancel_url="https://example.com/no",
        idempotency_key=key)


def test_a_sandbox_checkout_can_be_seen_and_paid_once(app, client):
    checkout = make_checkout(app)
    seen = client.get(f"/api/v1/sandbox/checkouts/{checkout.id}")
    assert seen.status_code == 200
    assert seen.json["amount"] == 49_900 and seen.json["currency"] == "INR"
    assert seen.json["status"] == "open"

    paid = client.post(f"/api/v1/sandbox/checkouts/{checkout.id}/complete")
    again = client.post(f"/api/v1/sandbox/checkouts/{checkout.id}/complete")
    assert paid.json["status"] == again.json["status"] == "complete"
    assert app.container.payment_gateway().get_checkout(checkout.id).status == "complete"


def test_the_same_idempotency_key_gives_back_the_first_checkout(app):
    assert make_checkout(app, "k").id == make_checkout(app, "k").id


def test_an_unknown_sandbox_checkout_is_a_404_with_a_code(client):
    response = client.post("/api/v1/sandbox/checkouts/cs_nope/complete")
    assert response.status_code == 404
    assert response.json["error"] == "checkout_not_found"
