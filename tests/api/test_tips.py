"""Tips over HTTP: a reader tips an author or a site through the sandbox checkout, with a
message and the anonymous option; the author (and the site's team) list the tips without an
anonymous tipper's identity, and hear of each by email; bounds, self-tips and recipients are
checked; on the memory suite and on Postgres (with a flat statement count for the lists)."""

import json

from tests.support.memberships import pay, reader
from tests.support.site_kit import api_author, api_join, api_site
from tests.support.sql_counter import count_statements


def tip(client, who, **body):
    return client.post("/api/v1/checkout/tip", headers=who.headers,
                       json={"amount": 25000, "currency": "INR", **body})


def tipped(client, who, **body) -> dict:
    """Tip and pay: the completed checkout."""
    opened = tip(client, who, **body)
    assert opened.status_code == 201, opened.json
    assert (opened.json["kind"], opened.json["status"]) == ("TIP", "OPEN")
    pay(client, opened.json)
    session = client.get(f"/api/v1/checkout/session/{opened.json['id']}",
                         headers=who.headers).json
    assert session["status"] == "COMPLETE", session
    return session


def author_and_site(client, mailer, name: str):
    author = api_author(client, mailer, name)
    return author, api_site(client, author, f"{name}-site")


def test_a_tip_with_a_message_reaches_the_author_anonymously(client, mailer):
    nina, site = author_and_site(client, mailer, "nina")
    gia = reader(client, mailer, "gia")
    message = "  Loved <b>chapter 3</b>! {keep going}  "
    opened = tip(client, gia, site_id=site["id"], message=message, is_anonymous=True)
    assert opened.status_code == 201, opened.json
    body = opened.json
    assert (body["amount"], body["currency"], body["site_id"], body["author_id"]) == (
        25000, "INR", site["id"], nina.user["id"])
    assert (body["message"], body["is_anonymous"]) == ("Loved <b>chapter 3</b>! {keep going}",
                                                       True)
    assert body["checkout_url"]
    assert not [m for m in mailer.sent if "tip" in m.subject.lower()]  # nothing before paying
    assert client.get("/api/v1/author/tips", headers=nina.headers).json == []

    session = tipped_after(client, gia, body)
    received = client.get("/api/v1/author/tips", headers=nina.headers)
    assert received.status_code == 200, received.json
    [seen] = received.json
    assert seen["id"] == session["result_id"]
    assert (seen["amount"], seen["currency"], seen["status"]) == (25000, "INR", "SUCCEEDED")
    assert seen["message"] == "Loved <b>chapter 3</b>! {keep going}"
    assert seen["is_anonymous"] is True and seen["tipper"] is None
    assert seen["site"]["id"] == site["id"]
    for secret in (gia.user["id"], gia.user["username"], gia.email):
        assert secret not in json.dumps(received.json)

    email = mailer.last_to(nina.email)
    assert email.subject == "Someone sent you a tip of 250.00 INR"
    assert "Loved <b>chapter 3</b>! {keep going}" in email.text
    assert f"on {site['name']}" in email.text
    assert gia.user["username"] not in email.text and gia.user["display_name"] not in email.text

    on_site = client.get(f"/api/v1/sites/{site['id']}/tips", headers=nina.headers)
    assert on_site.status_code == 200 and on_site.json == received.json
    mine = client.get("/api/v1/my-tips", headers=gia.headers).json
    assert [(t["id"], t["author"]["id"], t["is_anonymous"]) for t in mine] == [
        (seen["id"], nina.user["id"], True)]

    again = pay_again(client, body)  # a second delivery of the success changes nothing
    assert (again.status.value, again.result_id) == ("COMPLETE", seen["id"])
    assert len(client.get("/api/v1/author/tips", headers=nina.headers).json) == 1


def tipped_after(client, who, opened: dict) -> dict:
    pay(client, opened)
    session = client.get(f"/api/v1/checkout/session/{opened['id']}", headers=who.headers).json
    assert session["status"] == "COMPLETE", session
    return session


def pay_again(client, opened: dict):
    """The gateway's success delivered once more (a webhook retry)."""
    gateway_id = opened["checkout_url"].rsplit("/", 1)[-1]
    return client.application.container.checkout().confirm(gateway_id)


def test_a_named_tip_to_the_author_shows_the_tipper_newest_first(client, mailer):
    nina, site = author_and_site(client, mailer, "nina")
    gia, rex = reader(client, mailer, "gia"), reader(client, mailer, "rex")
    first = tipped(client, gia, author_id=nina.user["id"], amount=500, currency="usd")
    second = tipped(client, rex, site_id=site["id"], author_id=nina.user["id"],
                    message="Thanks!")
    email = mailer.last_to(nina.email)
    assert email.subject == f"{rex.user['display_name']} sent you a tip of 250.00 INR"
    received = client.get("/api/v1/author/tips", headers=nina.headers).json
    assert [t["id"] for t in received] == [second["result_id"], first["result_id"]]
    assert received[1]["tipper"]["id"] == gia.user["id"]
    assert (received[1]["site"], received[1]["message"], received[1]["currency"]) == (
        None, None, "USD")
    assert received[0]["tipper"]["username"] == rex.user["username"]
    site_tips = client.get(f"/api/v1/sites/{site['id']}/tips", headers=nina.headers).json
    assert [t["id"] for t in site_tips] == [second["result_id"]]  # not the author-level one
    paged = client.get("/api/v1/author/tips?page=2&page_size=1", headers=nina.headers)
    assert [t["id"] for t in paged.json] == [first["result_id"]]
    assert json.loads(paged.headers["X-Pagination"])["total"] == 2
    assert client.get("/api/v1/my-tips", headers=nina.headers).json == []
    assert client.get("/api/v1/author/tips", headers=gia.headers).json == []


def test_bounds_self_tips_and_recipients_are_checked(client, mailer):
    nina, site = author_and_site(client, mailer, "nina")
    gia = reader(client, mailer, "gia")
    low = tip(client, gia, site_id=site["id"], amount=999)
    assert low.status_code == 422 and low.json["error"] == "amount_out_of_bounds"
    fields = low.json["errors"]["json"]
    assert (fields["min_amount"], fields["max_amount"], fields["currency"]) == (
        1000, 5_000_000, "INR")
    high = tip(client, gia, site_id=site["id"], amount=50_001, currency="USD")
    assert high.status_code == 422 and high.json["errors"]["json"]["max_amount"] == 50_000
    cases = [
        (gia, {"site_id": site["id"], "currency": "JPY"}, 422, "unsupported_currency"),
        (nina, {"site_id": site["id"]}, 422, "own_tip"),
        (nina, {"author_id": nina.user["id"]}, 422, "own_tip"),
        (gia, {}, 422, "recipient_required"),
        (gia, {"author_id": gia.user["id"]}, 404, "author_not_found"),  # not an author
        (nina, {"author_id": gia.user["id"]}, 404, "author_not_found"),
        (gia, {"author_id": "usr_nobody"}, 404, "author_not_found"),
        (gia, {"site_id": "site_nowhere"}, 404, "site_not_found"),
        (gia, {"site_id": site["id"], "message": "x" * 501}, 422, "invalid_tip_message"),
    ]
    other = api_author(client, mailer, "otto")
    cases.append((gia, {"site_id": site["id"], "author_id": other.user["id"]}, 422,
                  "site_not_of_author"))
    for who, body, status, code in cases:
        answer = tip(client, who, **body)
        assert (answer.status_code, answer.json["error"]) == (status, code), (body, answer.json)
    assert client.post("/api/v1/checkout/tip", json={"amount": 2000, "currency": "INR",
                                                     "site_id": site["id"]}).status_code == 401
    assert tip(client, gia, site_id=site["id"], amount="2000").status_code == 422
    assert client.get("/api/v1/author/tips").status_code == 401
    assert client.get("/api/v1/my-tips").status_code == 401


def test_site_tips_need_analytics_or_monetization_on_the_site(client, mailer):
    nina, site = author_and_site(client, mailer, "nina")
    gia = reader(client, mailer, "gia")
    tipped(client, gia, site_id=site["id"], is_anonymous=True, message="Hi")
    analyst, manager, editor = (reader(client, mailer, n) for n in ("ana", "max", "eddie"))
    api_join(client, site["id"], analyst, "ANALYST")
    api_join(client, site["id"], manager, "MANAGER")
    api_join(client, site["id"], editor, "EDITOR")
    path = f"/api/v1/sites/{site['id']}/tips"
    for who in (analyst, manager):
        seen = client.get(path, headers=who.headers)
        assert seen.status_code == 200, seen.json
        assert [(t["message"], t["tipper"]) for t in seen.json] == [("Hi", None)]
    refused = client.get(path, headers=editor.headers)
    assert refused.status_code == 403 and refused.json["error"] == "missing_permission"
    assert client.get(path, headers=gia.headers).status_code == 404
    assert client.get("/api/v1/sites/site_nowhere/tips", headers=nina.headers).status_code \
        == 404
    # the site's team sees the site's tips, but an author's own list stays the author's
    assert client.get("/api/v1/author/tips", headers=manager.headers).json == []


def test_the_tip_journey_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    nina, site = author_and_site(client, mailer, "nina")
    gia = reader(client, mailer, "gia")
    session = tipped(client, gia, site_id=site["id"], message="From the shadows",
                     is_anonymous=True)
    [seen] = client.get("/api/v1/author/tips", headers=nina.headers).json
    assert (seen["id"], seen["message"], seen["tipper"], seen["is_anonymous"]) == (
        session["result_id"], "From the shadows", None, True)
    assert mailer.last_to(nina.email).subject == "Someone sent you a tip of 250.00 INR"
    assert client.get("/api/v1/my-tips", headers=gia.headers).json[0]["id"] == seen["id"]
    low = tip(client, gia, site_id=site["id"], amount=10)
    assert low.status_code == 422 and low.json["error"] == "amount_out_of_bounds"


def test_tip_lists_run_a_flat_number_of_statements(pg_client):
    client = pg_client
    container = client.application.container
    mailer, engine = container.mailer(), container.engine()
    nina, site = author_and_site(client, mailer, "nina")
    gia = reader(client, mailer, "gia")

    def counted():
        with count_statements(engine) as statements:
            for who, path in ((nina, "/api/v1/author/tips"),
                              (nina, f"/api/v1/sites/{site['id']}/tips"),
                              (gia, "/api/v1/my-tips")):
                assert client.get(path, headers=who.headers).status_code == 200
        return len(statements)

    tipped(client, gia, site_id=site["id"], message="one")
    one = counted()
    for n in range(3):
        fan = reader(client, mailer, f"fan{n}")
        tipped(client, fan, site_id=site["id"], is_anonymous=bool(n % 2))
        tipped(client, gia, author_id=nina.user["id"], message=f"more {n}")
    assert counted() == one
