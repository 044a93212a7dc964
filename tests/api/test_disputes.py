"""Disputes over HTTP: a webhook handler opens one through ``open_dispute`` (the payment is
DISPUTED); its author uploads evidence, stored privately and never served by /files; only an
administrator marks the outcome: LOST is a chargeback taking back what the payment bought
(the chapter entitlement ends CHARGED_BACK), WON puts the payment back."""

import io

from ownverso.services.payments.disputes import open_dispute
from tests.api.test_payment_refunds import payment_of
from tests.api.test_refund_requests import bought_chapter
from tests.support.coins import admin_headers
from tests.support.media import PDF
from tests.support.paywall import API, Paywall


def disputed(wall: Paywall) -> tuple[str, str, dict]:
    """A bought chapter whose payment the reader disputed: (payment id, purchase id, the
    chapter, the reader's id)."""
    ana_id = wall.reader()
    chapter, purchase_id = bought_chapter(wall, ana_id)
    payment_id = payment_of(wall, purchase_id=purchase_id)
    container = wall.container
    with container.uow() as uow:
        dispute = open_dispute(uow, container.ids(), payment_id=payment_id,
                               reason="fraudulent", amount=None, evidence_due_by=None,
                               now=container.clock().now())
        uow.commit()
    assert (dispute.status, dispute.amount) == ("NEEDS_RESPONSE", 300)
    return payment_id, purchase_id, {**chapter, "reader_id": ana_id}


def mark(wall: Paywall, payment_id: str, outcome: str, headers: dict):
    return wall.client.post(f"{API}/payments/{payment_id}/dispute/mark", headers=headers,
                            json={"outcome": outcome})


def test_evidence_is_stored_privately_and_a_lost_dispute_is_a_chargeback(client):
    wall = Paywall.build(client)
    payment_id, purchase_id, chapter = disputed(wall)
    assert client.get(f"{API}/payments/{payment_id}", headers=wall.author).json["status"] == \
        "DISPUTED"
    shown = client.get(f"{API}/payments/{payment_id}/dispute", headers=wall.author)
    assert (shown.status_code, shown.json["status"], shown.json["reason"]) == (
        200, "NEEDS_RESPONSE", "fraudulent")

    url = f"{API}/payments/{payment_id}/dispute/evidence"
    bad = client.post(url, headers=wall.author, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"just text"), "notes.txt")})
    assert (bad.status_code, bad.json["error"]) == (422, "invalid_file_type")
    sent = client.post(url, headers=wall.author, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(PDF), "receipt.pdf"),
                             "note": "Delivered and read."})
    assert sent.status_code == 201, sent.json
    assert (sent.json["status"], sent.json["evidence_note"]) == ("UNDER_REVIEW",
                                                                 "Delivered and read.")
    assert [(f["filename"], f["content_type"]) for f in sent.json["evidence"]] == [
        ("receipt.pdf", "application/pdf")]
    assert "key" not in sent.json["evidence"][0]
    [key] = [k for k in wall.container.storage().files if k.startswith("disputes/")]
    assert client.get(f"/files/{key}").status_code == 404

    reader = wall.headers(chapter["reader_id"])
    assert client.get(f"{API}/payments/{payment_id}/dispute", headers=reader).status_code \
        == 404
    assert mark(wall, payment_id, "LOST", wall.author).status_code == 403
    admin = admin_headers(wall)
    lost = mark(wall, payment_id, "LOST", admin)
    assert (lost.status_code, lost.json["status"]) == (200, "LOST")
    assert client.get(f"{API}/payments/{payment_id}", headers=wall.author).json["status"] == \
        "CHARGEBACK_LOST"
    check = client.get(f"{API}/chapters/{chapter['id']}/access-check", headers=reader).json
    assert check["has_access"] is False
    with wall.container.uow() as uow:
        [held] = uow.chapter_entitlements.list(source_id=purchase_id)
        assert held.state == "CHARGED_BACK"
        assert uow.purchases.get(purchase_id).status == "REFUNDED"
    again = mark(wall, payment_id, "WON", admin)
    assert (again.status_code, again.json["error"]) == (409, "dispute_lost")


def test_a_won_dispute_puts_the_payment_back(client):
    wall = Paywall.build(client)
    payment_id, purchase_id, chapter = disputed(wall)
    bad = mark(wall, payment_id, "MAYBE", admin_headers(wall))
    assert bad.status_code == 422 and "outcome" in bad.json["errors"]["json"]
    won = mark(wall, payment_id, "WON", admin_headers(wall))
    assert (won.status_code, won.json["status"]) == (200, "WON")
    assert client.get(f"{API}/payments/{payment_id}", headers=wall.author).json["status"] == \
        "SUCCEEDED"
    check = client.get(f"{API}/chapters/{chapter['id']}/access-check",
                       headers=wall.headers(chapter["reader_id"])).json
    assert check["has_access"] is True
    none = client.get(f"{API}/payments/{payment_of(wall, purchase_id=purchase_id)}/dispute",
                      headers=wall.author)
    assert none.json["status"] == "WON"
