"""An author's subscription to Ownverso over HTTP: from FREE through a checkout, upgrades
charged once with the prorated difference (limits follow at once), a declined upgrade that
changes nothing, downgrades and cancels at period end through the renewal job, referral
reward months as free renewals, a declined renewal's grace, the history, the invoices (list,
one, PDF, paying a declined renewal again), another author's invoice, and the same on
Postgres with concurrent renewals charging once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.referrals.account import ReferralAccount
from tests.api.test_payments import pdf_text
from tests.support.api import sign_up_and_in
from tests.support.chapters import add_user
from tests.support.paywall import API, bearer
from tests.support.sql_counter import count_statements

SUB = f"{API}/billing/subscription"
INVOICES = f"{API}/billing/invoices"
START = datetime(2026, 3, 10, 9, tzinfo=UTC)


def container_of(client):
    return client.application.container


def author(client) -> tuple[str, dict]:
    container = container_of(client)
    user = add_user(container)
    return user.id, bearer(container, user.id)


def sandbox(client):
    return container_of(client).platform_payments()


def subscribe(client, headers: dict, tier: str = "STARTER", cycle: str = "MONTHLY") -> dict:
    """From FREE: open the checkout, pay it on the sandbox, poll the subscription."""
    opened = client.post(f"{SUB}/change", headers=headers, json={"tier": tier, "cycle": cycle})
    assert opened.status_code == 200, opened.json
    assert opened.json["outcome"] == "checkout_required"
    checkout_id = opened.json["checkout_url"].rsplit("/", 1)[-1]
    assert sandbox(client).get_checkout(checkout_id).metadata["platform_subscription_id"] == \
        opened.json["subscription"]["id"]
    paid = client.post(f"{API}/sandbox/checkouts/{checkout_id}/complete")
    assert paid.status_code == 200, paid.json
    now = client.get(SUB, headers=headers)
    assert now.status_code == 200, now.json
    assert (now.json["tier"], now.json["status"]) == (tier, "ACTIVE")
    return now.json


def run_job(client) -> dict:
    return container_of(client).platform_subscription_billing().run().summary()


def limits(client, headers: dict) -> dict:
    return client.get(f"{API}/users/me/tier", headers=headers).json


def test_free_author_sees_the_plans_and_subscribes_through_a_checkout(client, clock):
    clock.set(START)
    _, headers = author(client)
    free = client.get(SUB, headers=headers)
    assert free.status_code == 200, free.json
    assert (free.json["tier"], free.json["price"], free.json["current_period_end"]) == \
        ("FREE", 0, None)
    plans = {(p["tier"], p["cycle"]): p["price"] for p in free.json["available_plans"]}
    assert plans[("STARTER", "MONTHLY")] == 499_00
    assert plans[("GROWTH", "ANNUAL")] == 14990_00
    assert plans[("ENTERPRISE", "LIFETIME")] == 299970_00
    before = limits(client, headers)

    now = subscribe(client, headers, "GROWTH")
    assert now["price"] == 1499_00
    assert now["current_period_end"].startswith("2026-04-10")
    after = limits(client, headers)
    assert after["tier"] == "GROWTH" and after["limits"]["max_series"] != \
        before["limits"]["max_series"]
    invoices = client.get(INVOICES, headers=headers).json
    assert [(i["kind"], i["status"], i["total"]) for i in invoices] == \
        [("CHECKOUT", "PAID", 1499_00)]
    assert invoices[0]["number"].startswith("OVS-2026-")


def test_upgrade_charges_the_prorated_difference_once_and_limits_follow(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    starter_limits = limits(client, headers)["limits"]
    clock.set(START + timedelta(days=15, hours=12))  # half of Mar 10 -> Apr 10 (31 days)
    headers = bearer(container_of(client), user_id)

    up = client.post(f"{SUB}/change", headers={**headers, "Idempotency-Key": "up-1"},
                     json={"tier": "GROWTH"})
    assert up.status_code == 200, up.json
    assert up.json["outcome"] == "upgraded"
    assert up.json["invoice"]["total"] == 500_00  # (1499_00 - 499_00) x 15.5 / 31 days
    again = client.post(f"{SUB}/change", headers={**headers, "Idempotency-Key": "up-1"},
                        json={"tier": "GROWTH"})
    assert again.json == up.json
    upgrades = [c for k, c in sandbox(client).charges.items() if k.startswith("platform-upgrade")]
    assert [c.amount for c in upgrades] == [500_00]
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["price"]) == ("GROWTH", 1499_00)
    assert sub["current_period_end"].startswith("2026-04-10")  # the period is kept
    growth = limits(client, headers)
    assert growth["tier"] == "GROWTH"
    assert growth["limits"]["max_series"] != starter_limits["max_series"]


def test_a_declined_upgrade_answers_402_and_changes_nothing(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    sandbox(client).decline(user_id)

    up = client.post(f"{SUB}/change", headers=headers, json={"tier": "PROFESSIONAL"})
    assert (up.status_code, up.json["error"]) == (402, "payment_declined")
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["price"]) == ("STARTER", 499_00)
    assert limits(client, headers)["tier"] == "STARTER"
    failed = client.get(f"{INVOICES}?status=FAILED", headers=headers).json
    assert [(i["kind"], i["tier"], i["failure_code"]) for i in failed] == \
        [("UPGRADE", "PROFESSIONAL", "card_declined")]
    paying = client.post(f"{INVOICES}/{failed[0]['id']}/pay", headers=headers)
    assert (paying.status_code, paying.json["error"]) == (409, "invoice_not_payable")


def test_downgrade_waits_for_the_period_end_and_can_be_taken_back(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "GROWTH")

    down = client.post(f"{SUB}/change", headers=headers, json={"tier": "STARTER"})
    assert down.status_code == 200, down.json
    assert down.json["outcome"] == "downgrade_scheduled"
    pending = down.json["subscription"]["pending_change"]
    assert (pending["tier"], pending["price"]) == ("STARTER", 499_00)
    assert pending["effective_at"].startswith("2026-04-10")
    assert limits(client, headers)["tier"] == "GROWTH"  # until the period ends

    back = client.post(f"{SUB}/change", headers=headers, json={"tier": "GROWTH"})
    assert (back.json["outcome"], back.json["subscription"]["pending_change"]) == \
        ("change_cancelled", None)
    client.post(f"{SUB}/change", headers=headers, json={"tier": "STARTER"})

    clock.set(datetime(2026, 4, 10, 9, 30, tzinfo=UTC))
    assert run_job(client) == {"renewed": 1, "failed": 0, "ended": 0}
    assert run_job(client) == {"renewed": 0, "failed": 0, "ended": 0}
    headers = bearer(container_of(client), user_id)
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["price"], sub["pending_change"]) == ("STARTER", 499_00, None)
    assert sub["current_period_end"].startswith("2026-05-10")
    assert limits(client, headers)["tier"] == "STARTER"
    renewal = client.get(INVOICES, headers=headers).json[0]
    assert (renewal["kind"], renewal["status"], renewal["total"]) == ("RENEWAL", "PAID", 499_00)
    assert f"platform-renewal:{sub['id']}:2026-04-10T09:00:00+00:00" in sandbox(client).charges
    kinds = [e["kind"] for e in client.get(f"{SUB}/history", headers=headers).json]
    assert kinds[:2] == ["renewed", "downgraded"]
    assert "downgrade_scheduled" in kinds and "change_cancelled" in kinds


def test_cancel_keeps_the_plan_to_period_end_then_free(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    cancelled = client.post(f"{SUB}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.json
    assert (cancelled.json["status"], cancelled.json["cancel_at_period_end"]) == \
        ("CANCELLED", True)
    assert cancelled.json["pending_change"]["tier"] == "FREE"
    assert limits(client, headers)["tier"] == "STARTER"
    twice = client.post(f"{SUB}/cancel", headers=headers)
    assert (twice.status_code, twice.json["error"]) == (409, "subscription_not_active")

    clock.set(datetime(2026, 4, 11, tzinfo=UTC))
    assert run_job(client)["ended"] == 1
    headers = bearer(container_of(client), user_id)
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["status"], sub["current_period_end"]) == ("FREE", "ACTIVE", None)
    assert limits(client, headers)["tier"] == "FREE"
    assert not [k for k in sandbox(client).charges if k.startswith("platform-renewal")]
    history = [e["kind"] for e in client.get(f"{SUB}/history", headers=headers).json]
    assert history[:2] == ["expired", "cancelled"]


def test_resume_a_cancel_by_changing_again(client, clock):
    clock.set(START)
    _, headers = author(client)
    subscribe(client, headers, "STARTER")
    client.post(f"{SUB}/cancel", headers=headers)
    resumed = client.post(f"{SUB}/change", headers=headers, json={"tier": "STARTER"})
    assert resumed.json["outcome"] == "resumed"
    assert (resumed.json["subscription"]["status"],
            resumed.json["subscription"]["pending_change"]) == ("ACTIVE", None)


def test_reward_months_pay_for_a_renewal_once(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    container = container_of(client)
    with container.uow() as uow:
        uow.referral_accounts.add(ReferralAccount(
            id="racc_ps_1", user_id=user_id, code="PSREWARD", reward_months=1,
            created_at=START, updated_at=START))
        uow.commit()
    assert client.get(SUB, headers=headers).json["reward_months_available"] == 1

    clock.set(datetime(2026, 4, 10, 10, tzinfo=UTC))
    assert run_job(client)["renewed"] == 1
    headers = bearer(container, user_id)
    free_month = client.get(INVOICES, headers=headers).json[0]
    assert (free_month["kind"], free_month["status"], free_month["subtotal"],
            free_month["discount"], free_month["total"], free_month["reward_months"]) == \
        ("RENEWAL", "PAID", 499_00, 499_00, 0, 1)
    assert "100% off" in free_month["lines"][1]["description"]
    assert client.get(SUB, headers=headers).json["reward_months_available"] == 0
    assert not [k for k in sandbox(client).charges if k.startswith("platform-renewal")]

    clock.set(datetime(2026, 5, 10, 10, tzinfo=UTC))
    assert run_job(client)["renewed"] == 1
    renewals = [c.amount for k, c in sandbox(client).charges.items()
                if k.startswith("platform-renewal")]
    assert renewals == [499_00]
    kinds = [e["kind"] for e in client.get(f"{SUB}/history",
                                            headers=bearer(container, user_id)).json]
    assert kinds.count("reward_applied") == 1


def test_a_declined_renewal_goes_past_due_and_paying_it_renews(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    sandbox(client).decline(user_id)
    clock.set(datetime(2026, 4, 10, 10, tzinfo=UTC))
    assert run_job(client)["failed"] == 1
    headers = bearer(container_of(client), user_id)
    sub = client.get(SUB, headers=headers).json
    assert (sub["status"], sub["tier"]) == ("PAST_DUE", "STARTER")
    assert sub["grace_ends_at"].startswith("2026-04-13")
    failed = client.get(INVOICES, headers=headers).json[0]
    assert (failed["kind"], failed["status"]) == ("RENEWAL", "FAILED")
    blocked = client.post(f"{SUB}/change", headers=headers, json={"tier": "GROWTH"})
    assert (blocked.status_code, blocked.json["error"]) == (409, "subscription_past_due")

    declined = client.post(f"{INVOICES}/{failed['id']}/pay", headers=headers)
    assert (declined.status_code, declined.json["error"]) == (402, "payment_declined")
    sandbox(client).decline(user_id, False)
    paid = client.post(f"{INVOICES}/{failed['id']}/pay",
                       headers={**headers, "Idempotency-Key": "pay-1"})
    assert paid.status_code == 200, paid.json
    assert (paid.json["status"], paid.json["attempts"]) == ("PAID", 3)
    replay = client.post(f"{INVOICES}/{failed['id']}/pay",
                         headers={**headers, "Idempotency-Key": "pay-1"})
    assert replay.json == paid.json
    again = client.post(f"{INVOICES}/{failed['id']}/pay", headers=headers)
    assert (again.status_code, again.json["error"]) == (409, "invoice_already_paid")
    sub = client.get(SUB, headers=headers).json
    assert (sub["status"], sub["current_period_end"][:10]) == ("ACTIVE", "2026-05-10")


def test_past_due_beyond_grace_returns_to_free(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "GROWTH")
    sandbox(client).decline(user_id)
    clock.set(datetime(2026, 4, 10, 10, tzinfo=UTC))
    run_job(client)
    clock.set(datetime(2026, 4, 13, 11, tzinfo=UTC))
    assert run_job(client)["ended"] == 1
    assert run_job(client)["ended"] == 0
    headers = bearer(container_of(client), user_id)
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["status"]) == ("FREE", "ACTIVE")
    assert limits(client, headers)["tier"] == "FREE"
    voided = client.get(INVOICES, headers=headers).json[0]
    assert (voided["kind"], voided["status"]) == ("RENEWAL", "VOID")
    kinds = [e["kind"] for e in client.get(f"{SUB}/history", headers=headers).json]
    assert kinds[:3] == ["expired", "past_due", "payment_failed"]


def test_invoice_detail_pdf_and_another_authors_invoice(client, clock):
    clock.set(START)
    _, headers = author(client)
    subscribe(client, headers, "STARTER")
    invoice = client.get(INVOICES, headers=headers).json[0]
    one = client.get(f"{INVOICES}/{invoice['id']}", headers=headers)
    assert one.status_code == 200 and one.json == invoice
    assert one.json["lines"] == [{"description": "Ownverso Starter (monthly)",
                                  "amount": 499_00}]
    pdf = client.get(f"{INVOICES}/{invoice['id']}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert invoice["number"] in text and "499.00" in text

    _, stranger = author(client)
    for path in ("", "/pdf"):
        hidden = client.get(f"{INVOICES}/{invoice['id']}{path}", headers=stranger)
        assert (hidden.status_code, hidden.json["error"]) == (404, "invoice_not_found")
    paying = client.post(f"{INVOICES}/{invoice['id']}/pay", headers=stranger)
    assert paying.status_code == 404
    assert client.get(INVOICES, headers=stranger).json == []


def test_annual_upgrade_starts_a_new_period_less_the_unused_month(client, clock):
    clock.set(START)
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    clock.set(START + timedelta(days=15, hours=12))  # half the month left: 249_50 unused
    headers = bearer(container_of(client), user_id)
    up = client.post(f"{SUB}/change", headers=headers,
                     json={"tier": "STARTER", "cycle": "ANNUAL"})
    assert up.status_code == 200, up.json
    assert up.json["invoice"]["total"] == 4990_00 - 249_50
    assert up.json["subscription"]["current_period_end"].startswith("2027-03-25")


def test_a_referred_author_pays_half_the_first_month_and_the_referrer_earns_a_month(
        client, mailer, clock):
    clock.set(START)
    mira = sign_up_and_in(client, mailer, email="mira@example.com", username="mira")
    noor = sign_up_and_in(client, mailer, email="noor@example.com", username="noor")
    code = client.get(f"{API}/referrals/code", headers=mira.headers).json["code"]
    assert client.post(f"{API}/referrals/apply", headers=noor.headers,
                       json={"code": code}).status_code in (200, 201)

    opened = client.post(f"{SUB}/change", headers=noor.headers, json={"tier": "STARTER"})
    assert opened.json["invoice"]["total"] == 249_50  # 50% off the first month
    assert opened.json["subscription"]["pending_checkout"]["amount"] == 249_50
    client.post(f"{API}/sandbox/checkouts/{opened.json['checkout_url'].rsplit('/', 1)[-1]}"
                "/complete")
    assert client.get(SUB, headers=noor.headers).json["tier"] == "STARTER"
    assert client.get(SUB, headers=mira.headers).json["reward_months_available"] == 1


def test_paying_an_open_checkout_invoice_reads_the_checkout_again(client, clock):
    clock.set(START)
    _, headers = author(client)
    opened = client.post(f"{SUB}/change", headers=headers,
                         json={"tier": "GROWTH", "cycle": "ANNUAL"}).json
    invoice_id = opened["invoice"]["id"]
    still_open = client.post(f"{INVOICES}/{invoice_id}/pay", headers=headers)
    assert (still_open.status_code, still_open.json["status"]) == (200, "OPEN")
    assert still_open.json["checkout_url"] == opened["checkout_url"]

    replaced = client.post(f"{SUB}/change", headers=headers, json={"tier": "STARTER"}).json
    assert client.get(f"{INVOICES}/{invoice_id}", headers=headers).json["status"] == "VOID"
    sandbox(client).complete(replaced["checkout_url"].rsplit("/", 1)[-1])
    paid = client.post(f"{INVOICES}/{replaced['invoice']['id']}/pay", headers=headers)
    assert (paid.status_code, paid.json["status"]) == (200, "PAID")
    sub = client.get(SUB, headers=headers).json
    assert (sub["tier"], sub["cycle"], sub["pending_checkout"]) == ("STARTER", "MONTHLY", None)


# -- Postgres ------------------------------------------------------------------------------
@pytest.fixture
def pg(pg_client):
    clock = pg_client.application.container.clock()
    clock.set(START)
    return pg_client, clock


def test_on_postgres_concurrent_renewals_charge_once(pg):
    client, clock = pg
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    clock.set(datetime(2026, 4, 10, 10, tzinfo=UTC))
    container = container_of(client)
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: container.platform_subscription_billing().run()
                             .summary(), range(4)))
    assert sum(r["renewed"] for r in runs) == 1
    with container.uow() as uow:
        sub = uow.platform_subscriptions.get_by(user_id=user_id)
        invoices = uow.platform_subscription_invoices.list(subscription_id=sub.id,
                                                           kind="RENEWAL")
    assert len(invoices) == 1 and invoices[0].status.value == "PAID"
    renewals = [k for k in sandbox(client).charges if k.startswith("platform-renewal")]
    assert renewals == [f"platform-renewal:{sub.id}:2026-04-10T09:00:00+00:00"]
    assert sub.current_period_end == datetime(2026, 5, 10, 9, tzinfo=UTC)


def test_on_postgres_upgrade_and_downgrade_journey(pg):
    client, clock = pg
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    up = client.post(f"{SUB}/change", headers=headers, json={"tier": "PROFESSIONAL"})
    assert up.status_code == 200, up.json
    assert limits(client, headers)["tier"] == "PROFESSIONAL"
    down = client.post(f"{SUB}/change", headers=headers, json={"tier": "FREE"})
    assert down.json["outcome"] == "downgrade_scheduled"
    clock.set(datetime(2026, 4, 10, 10, tzinfo=UTC))
    assert run_job(client)["ended"] == 1
    assert limits(client, bearer(container_of(client), user_id))["tier"] == "FREE"


def test_on_postgres_the_invoice_list_costs_the_same_whatever_its_length(pg):
    client, clock = pg
    user_id, headers = author(client)
    subscribe(client, headers, "STARTER")
    engine = container_of(client).engine()
    with count_statements(engine) as short:
        assert len(client.get(INVOICES, headers=headers).json) == 1
    for month in (4, 5, 6, 7):
        clock.set(datetime(2026, month, 10, 10, tzinfo=UTC))
        run_job(client)
    headers = bearer(container_of(client), user_id)
    with count_statements(engine) as long:
        assert len(client.get(INVOICES, headers=headers).json) == 5
    assert len(long) == len(short)
