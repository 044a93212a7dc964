"""The platform's usage-fee invoices over HTTP: a FREE-tier author with known October
payments (a partial refund, a full refund, another currency, payments outside the month) gets
exactly 10% of what was kept plus 18% GST, rounded half up; a STARTER author gets none;
generating twice makes nothing twice and numbers run without gaps; the author reads the list,
one invoice and its PDF, and pays one online once; an administrator marks one paid once;
reminders go out once per stage; administrators list invoices and authors; lists cost the
same whatever their length."""

import itertools
from datetime import UTC, datetime

from ownverso.domain.identity.values import UserRole
from ownverso.domain.memberships.subscription import BillingCycle, Subscription
from ownverso.domain.payments.payment import Payment, PaymentStatus, PaymentType
from ownverso.entrypoints.workers.jobs.billing import (
    generate_platform_invoices,
    remind_platform_invoices,
)
from tests.api.test_payments import pdf_text
from tests.support.chapters import add_user, author_kit
from tests.support.paywall import API, bearer
from tests.support.sql_counter import count_statements
from tests.support.subscriptions import add_tier

INVOICES = f"{API}/billing/platform-invoices"
ADMIN = f"{API}/admin/billing"
OCT_5 = datetime(2026, 10, 5, 12, tzinfo=UTC)
_numbers = itertools.count(1)


def add_payment(container, author_id: str, gross: int, *, at: datetime = OCT_5,
                refunded: int = 0, status: PaymentStatus = PaymentStatus.SUCCEEDED,
                type: PaymentType = PaymentType.TIP, currency: str = "INR") -> None:
    """A stored payment from a new reader to the author, collected at ``at``."""
    reader = add_user(container)
    n = next(_numbers)
    with container.uow() as uow:
        uow.payments.add(Payment(
            id=f"pay_pin_{n:05d}", reader_id=reader.id, author_id=author_id, type=type,
            status=status, gross_amount=gross, refunded_amount=refunded, currency=currency,
            gateway="sandbox", gateway_payment_id=f"pin-{n}", processed_at=at,
            created_at=at, updated_at=at))
        uow.commit()


def generate(client, admin: dict, **body):
    return client.post(f"{ADMIN}/invoices/generate", headers=admin, json=body)


def october_authors(container):
    """Ana (FREE): INR 30000 + 10000 less 2500 refunded + 2005, 5000 wholly refunded, and
    USD 1000; besides September, November, failed and disputed payments. Bob (STARTER):
    INR 50000. Cy (FREE): INR 12345."""
    ana = author_kit(container, tier="FREE").user
    bob = author_kit(container, tier="STARTER").user
    cy = author_kit(container, tier="FREE").user
    add_payment(container, ana.id, 30000, type=PaymentType.SUBSCRIPTION)
    add_payment(container, ana.id, 10000, refunded=2500,
                status=PaymentStatus.PARTIALLY_REFUNDED, type=PaymentType.ONE_TIME_PURCHASE)
    add_payment(container, ana.id, 2005)
    add_payment(container, ana.id, 5000, refunded=5000, status=PaymentStatus.REFUNDED)
    add_payment(container, ana.id, 1000, currency="USD")
    add_payment(container, ana.id, 9999, at=datetime(2026, 9, 30, 23, 59, tzinfo=UTC))
    add_payment(container, ana.id, 7777, at=datetime(2026, 11, 1, tzinfo=UTC))
    add_payment(container, ana.id, 9999, status=PaymentStatus.FAILED)
    add_payment(container, ana.id, 9999, status=PaymentStatus.DISPUTED)
    add_payment(container, bob.id, 50000)
    add_payment(container, cy.id, 12345)
    return ana, bob, cy


def test_a_month_of_known_revenue_gives_the_exact_fee_once(client, clock, mailer):
    container = client.application.container
    ana, bob, cy = october_authors(container)
    clock.set(datetime(2026, 11, 2, tzinfo=UTC))
    admin = bearer(container, add_user(container, role=UserRole.ADMIN).id)

    early = generate(client, admin, year=2026, month=11)
    assert (early.status_code, early.json["error"]) == (422, "period_not_ended")
    made = generate(client, admin, year=2026, month=10)
    assert made.status_code == 200, made.json
    assert (made.json["created"], made.json["existing"]) == (3, 0)
    assert made.json["period_start"].startswith("2026-10-01T00:00:00")
    numbers = sorted(i["number"] for i in made.json["invoices"])
    assert numbers == ["OV-2026-000001", "OV-2026-000002", "OV-2026-000003"]
    assert {(i["author_id"], i["currency"], i["total_amount"]) for i in made.json["invoices"]} \
        == {(ana.id, "INR", 4662), (ana.id, "USD", 118), (cy.id, "INR", 1457)}

    again = generate(client, admin, year=2026, month=10)
    assert (again.json["created"], again.json["existing"], again.json["invoices"]) == (0, 3, [])
    assert len(client.get(f"{ADMIN}/invoices", headers=admin).json) == 3

    mine = client.get(INVOICES, headers=bearer(container, ana.id))
    assert mine.status_code == 200 and mine.headers["X-Pagination"]
    inr = next(i for i in mine.json if i["currency"] == "INR")
    # 39505 kept: fee 3950.5 -> 3951 (half up), GST 18% of 3951 = 711.18 -> 711
    assert (inr["gross_revenue"], inr["fee_bps"], inr["fee_amount"], inr["gst_bps"],
            inr["gst_amount"], inr["total_amount"], inr["transaction_count"], inr["status"]) \
        == (39505, 1000, 3951, 1800, 711, 4662, 4, "PENDING")
    assert inr["due_date"].startswith("2026-11-16") and inr["overdue"] is False
    one = client.get(f"{INVOICES}/{inr['id']}", headers=bearer(container, ana.id)).json
    assert one["breakdown"] == {"ONE_TIME_PURCHASE": 7500, "SUBSCRIPTION": 30000, "TIP": 2005}
    assert client.get(INVOICES, headers=bearer(container, bob.id)).json == []
    assert [(i["gross_revenue"], i["fee_amount"], i["gst_amount"]) for i in client.get(
        INVOICES, headers=bearer(container, cy.id)).json] == [(12345, 1235, 222)]
    issued = [m for m in mailer.sent if m.headers.get("X-Ownverso-Template")
              == "platform_invoice_issued"]
    assert sorted(m.to for m in issued) == sorted([ana.email, ana.email, cy.email])
    assert "46.62 INR" in next(m.text for m in issued if inr["number"] in m.text)

    # the job makes last month's: November's payment gets the next number, no gap
    clock.set(datetime(2026, 12, 1, 1, tzinfo=UTC))
    assert generate_platform_invoices() == 1
    assert generate_platform_invoices() == 0
    november = client.get(INVOICES, headers=bearer(container, ana.id)).json[0]
    assert (november["number"], november["gross_revenue"], november["fee_amount"],
            november["gst_amount"]) == ("OV-2026-000004", 7777, 778, 140)


def test_the_author_reads_the_pdf_and_an_administrator_marks_it_paid_once(client, clock):
    container = client.application.container
    ana, _, cy = october_authors(container)
    clock.set(datetime(2026, 11, 2, tzinfo=UTC))
    admin_user = add_user(container, role=UserRole.ADMIN)
    assert generate(client, bearer(container, admin_user.id), year=2026,
                    month=10).status_code == 200
    ana_h, cy_h, admin = (bearer(container, u.id) for u in (ana, cy, admin_user))
    inr = next(i for i in client.get(INVOICES, headers=ana_h).json if i["currency"] == "INR")

    pdf = client.get(f"{INVOICES}/{inr['id']}/pdf", headers=ana_h)
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert f'filename="{inr["number"]}.pdf"' in pdf.headers["Content-Disposition"]
    text = pdf_text(pdf.data)
    for expected in (inr["number"], "Ownverso", ana.display_name, "2026-10-01 to 2026-10-31",
                     "Usage fee: 10% of reader revenue", "39.51 INR", "GST 18% on the fee",
                     "7.11 INR", "46.62 INR", "395.05 INR"):
        assert expected in text, expected

    for path in ("", "/pdf"):  # another author's invoice does not exist for Cy
        hidden = client.get(f"{INVOICES}/{inr['id']}{path}", headers=cy_h)
        assert (hidden.status_code, hidden.json["error"]) == (404, "invoice_not_found")
    assert client.get(f"{INVOICES}/pin_nope", headers=ana_h).status_code == 404

    mark = f"{INVOICES}/{inr['id']}/mark-paid"
    body = {"payment_method": "bank_transfer", "payment_reference": "UTR-991"}
    refused = client.post(mark, headers=ana_h, json=body)
    assert (refused.status_code, refused.json["error"]) == (403, "admin_required")
    bad = client.post(mark, headers=admin, json={"payment_reference": "x"})
    assert bad.status_code == 422 and "payment_method" in bad.json["errors"]["json"]
    assert client.post(f"{INVOICES}/pin_nope/mark-paid", headers=admin,
                       json=body).status_code == 404
    paid = client.post(mark, headers=admin, json=body)
    assert paid.status_code == 200, paid.json
    assert (paid.json["status"], paid.json["payment_method"], paid.json["payment_reference"]) \
        == ("PAID", "bank_transfer", "UTR-991")
    twice = client.post(mark, headers=admin, json=body)
    assert (twice.status_code, twice.json["error"]) == (409, "invoice_already_paid")
    assert client.get(f"{INVOICES}/{inr['id']}", headers=ana_h).json["paid_at"]


def october_invoiced(client, clock) -> tuple[dict, dict, dict]:
    """October's invoices generated: Ana's and Cy's headers, and Ana's INR invoice."""
    container = client.application.container
    ana, _, cy = october_authors(container)
    clock.set(datetime(2026, 11, 2, tzinfo=UTC))
    admin_user = add_user(container, role=UserRole.ADMIN)
    generate(client, bearer(container, admin_user.id), year=2026, month=10)
    ana_h, cy_h = bearer(container, ana.id), bearer(container, cy.id)
    inr = next(i for i in client.get(INVOICES, headers=ana_h).json if i["currency"] == "INR")
    return ana_h, cy_h, inr


def test_the_author_pays_an_invoice_online_once_through_the_platform_gateway(client, clock):
    container = client.application.container
    ana_h, cy_h, inr = october_invoiced(client, clock)
    pay = f"{INVOICES}/{inr['id']}/pay"

    hidden = client.post(pay, headers=cy_h)
    assert (hidden.status_code, hidden.json["error"]) == (404, "invoice_not_found")
    opened = client.post(pay, headers=ana_h)
    assert opened.status_code == 200, opened.json
    assert (opened.json["status"], opened.json["total_amount"], opened.json["currency"]) == (
        "PENDING", inr["total_amount"], "INR")
    assert client.post(pay, headers=ana_h).json["checkout_url"] == \
        opened.json["checkout_url"]  # the open checkout again, not a second one
    checkout_id = opened.json["checkout_url"].rsplit("/", 1)[-1]
    sandbox = container.platform_payments()
    assert sandbox.get_checkout(checkout_id).amount == inr["total_amount"]

    assert client.post(f"{API}/sandbox/checkouts/{checkout_id}/complete").status_code == 200
    paid = client.get(f"{INVOICES}/{inr['id']}", headers=ana_h).json
    assert (paid["status"], paid["payment_method"]) == ("PAID", "sandbox")
    assert paid["payment_reference"]
    twice = client.post(pay, headers=ana_h)
    assert (twice.status_code, twice.json["error"]) == (409, "invoice_already_paid")


def test_an_expired_checkout_gives_way_to_a_new_one(client, clock):
    container = client.application.container
    ana_h, _, inr = october_invoiced(client, clock)
    first = client.post(f"{INVOICES}/{inr['id']}/pay", headers=ana_h).json["checkout_url"]
    container.platform_payments().expire_checkout(first.rsplit("/", 1)[-1])
    second = client.post(f"{INVOICES}/{inr['id']}/pay", headers=ana_h).json["checkout_url"]
    assert second != first
    assert client.get(f"{INVOICES}/{inr['id']}", headers=ana_h).json["status"] == "PENDING"


def test_generation_is_for_administrators_and_checked(client, clock):
    container = client.application.container
    clock.set(datetime(2026, 11, 2, tzinfo=UTC))
    author = bearer(container, author_kit(container).user.id)
    admin = bearer(container, add_user(container, role=UserRole.ADMIN).id)
    refused = generate(client, author, year=2026, month=10)
    assert (refused.status_code, refused.json["error"]) == (403, "admin_required")
    for path in ("/invoices", "/authors"):
        assert client.get(f"{ADMIN}{path}", headers=author).status_code == 403
    assert generate(client, admin, year=2026).status_code == 422
    for body in ({"year": 2026, "month": 13}, {"year": "x", "month": 1}):
        bad = generate(client, admin, **body)
        assert bad.status_code == 422 and bad.json["errors"]["json"], bad.json
    nothing = generate(client, admin)  # default: last month (October), no revenue anywhere
    assert (nothing.status_code, nothing.json["created"]) == (200, 0)
    assert nothing.json["period_start"].startswith("2026-10-01")


def test_reminders_go_out_once_per_stage_and_admins_see_what_is_owed(client, clock, mailer):
    container = client.application.container
    ana, bob, cy = october_authors(container)
    kit = author_kit(container, tier="FREE")  # no revenue: no invoice, MRR from a member
    tier_id = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    clock.set(datetime(2026, 11, 2, tzinfo=UTC))
    sub = Subscription(id="sub_pin_1", reader_id=add_user(container).id, site_id=kit.site_id,
                       tier_id=tier_id, billing_cycle=BillingCycle.MONTHLY,
                       price_at_purchase=900, original_price=900, currency="INR",
                       gateway="sandbox")
    sub.start(now=clock.now())
    sub.events.clear()
    with container.uow() as uow:
        uow.reader_subscriptions.add(sub)
        uow.commit()
    admin_id = add_user(container, role=UserRole.ADMIN).id
    generate(client, bearer(container, admin_id), year=2026, month=10)

    def reminders(template: str) -> list[str]:
        return sorted(m.to for m in mailer.sent
                      if m.headers.get("X-Ownverso-Template") == template)

    clock.set(datetime(2026, 11, 12, tzinfo=UTC))
    assert remind_platform_invoices() == 0
    clock.set(datetime(2026, 11, 13, 1, tzinfo=UTC))  # 3 days before the 16th
    assert remind_platform_invoices() == 3
    assert remind_platform_invoices() == 0
    assert reminders("platform_invoice_due_soon") == sorted([ana.email, ana.email, cy.email])
    admin = bearer(container, admin_id)
    usd = next(i for i in client.get(f"{ADMIN}/invoices?author_id={ana.id}",
                                     headers=admin).json if i["currency"] == "USD")
    assert client.post(f"{INVOICES}/{usd['id']}/mark-paid", headers=admin,
                       json={"payment_method": "upi"}).status_code == 200
    clock.set(datetime(2026, 11, 16, 9, tzinfo=UTC))
    assert remind_platform_invoices() == 2
    assert remind_platform_invoices() == 0
    assert reminders("platform_invoice_overdue") == sorted([ana.email, cy.email])
    detail = client.get(f"{INVOICES}/{usd['id']}", headers=bearer(container, ana.id)).json
    assert detail["reminders_sent"] == 1 and detail["status"] == "PAID"

    admin = bearer(container, admin_id)
    overdue = client.get(f"{ADMIN}/invoices?overdue=true", headers=admin).json
    assert sorted((i["author"]["id"], i["currency"], i["overdue"]) for i in overdue) == sorted(
        [(ana.id, "INR", True), (cy.id, "INR", True)])
    assert [i["currency"] for i in client.get(f"{ADMIN}/invoices?status=PAID",
                                              headers=admin).json] == ["USD"]
    assert client.get(f"{ADMIN}/invoices?status=LATE", headers=admin).status_code == 422
    authors = {a["author"]["id"]: a for a in client.get(f"{ADMIN}/authors",
                                                         headers=admin).json}
    assert (authors[ana.id]["platform_tier"], authors[ana.id]["outstanding"],
            authors[ana.id]["pending_invoices"], authors[ana.id]["overdue_invoices"]) == (
        "FREE", [{"currency": "INR", "amount": 4662}], 1, 1)
    assert (authors[bob.id]["platform_tier"], authors[bob.id]["outstanding"]) == ("STARTER", [])
    assert authors[kit.user.id]["mrr"] == [{"currency": "INR", "amount": 900}]


def test_lists_cost_the_same_whatever_their_length(pg_client):
    container = pg_client.application.container
    clock = container.clock()
    admin_id = add_user(container, role=UserRole.ADMIN).id
    ana = author_kit(container, tier="FREE").user
    engine = container.engine()
    month = itertools.count(1)

    def one_more() -> None:
        m = next(month)
        author = author_kit(container, tier="FREE").user
        for who in (ana, author):
            add_payment(container, who.id, 1000 + m, at=datetime(2025, m, 3, tzinfo=UTC))
        clock.set(datetime(2026, 1, 2, tzinfo=UTC))
        made = generate(pg_client, bearer(container, admin_id), year=2025, month=m)
        assert made.json["created"] == 2, made.json

    def statements(path: str, user_id: str) -> int:
        headers = bearer(container, user_id)
        with count_statements(engine) as seen:
            response = pg_client.get(path, headers=headers)
            assert response.status_code == 200 and response.json, response.json
        return len(seen)

    paths = ((INVOICES, ana.id), (f"{ADMIN}/invoices", admin_id),
             (f"{ADMIN}/authors", admin_id))
    one_more()
    first = [statements(p, u) for p, u in paths]
    for _ in range(4):
        one_more()
    assert [statements(p, u) for p, u in paths] == first
    assert len(pg_client.get(f"{ADMIN}/invoices", headers=bearer(container, admin_id)).json) \
        == 10
    numbers = sorted(i["number"] for i in pg_client.get(
        f"{ADMIN}/invoices", headers=bearer(container, admin_id)).json)
    assert numbers == [f"OV-2026-{n:06d}" for n in range(1, 11)]
