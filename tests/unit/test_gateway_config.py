"""An author's payment gateways: the shape of each provider's credentials (and the mode they
give), connections that keep only sealed secrets, reconnects that replace them, disconnects
that wipe them, webhook secrets and health, the default gateway; and the services on the
memory suite (author only, one author never sees another's, GatewaySecrets for the slices
that talk to gateways)."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.identity.values import UserRole
from ownverso.domain.payments.gateway_config import (
    ConnectionStatus,
    GatewayConnection,
    GatewayMode,
    GatewayProvider,
    GatewaySettings,
    SecretKind,
    StripeAccountType,
    check_webhook_secret,
    parse_credentials,
)
from ownverso.domain.payments.gateway_config import WebhookHealth as Health
from ownverso.services.errors import Conflict, PermissionDenied, ValidationFailed
from tests.factories.accounts import AuthorProfileFactory
from tests.support.chapters import actor_of, add_user

RAZORPAY, STRIPE, XENDIT = GatewayProvider.RAZORPAY, GatewayProvider.STRIPE, GatewayProvider.XENDIT
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)

RZP = {"key_id": "rzp_test_AbCdEfGhIjKlMn", "key_secret": "s3cretKeySecretValue0001"}
STRIPE_KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUv"
STR = {"account_id": "acct_1AbCdEfGhIjKlMnO", "secret_key": STRIPE_KEY}
XND_KEY = "xnd_development_P4qDfOss0OCpl8RtKrROHjaQYNCk9dN5lSfk+R1l9Wbe+rSiCwZ3jw=="
XND = {"business_id": "5f27a14a9bf05c73dd040bc8", "api_key": XND_KEY}
WHSEC = "whsec_AbCdEfGhIjKlMnOpQrStUvWx"
RZP_HOOK = "my-razorpay-webhook-secret!"
XND_TOKEN = "CallbackToken0123456789AbCdEfGh"


class Sealer:
    """Stands in for the encryption: remembers what it sealed, answers an opaque token."""

    def __init__(self):
        self.sealed: list[str] = []

    def __call__(self, secret: str) -> str:
        self.sealed.append(secret)
        return f"ct-{len(self.sealed)}"


def faults(provider, raw) -> dict:
    with pytest.raises(RuleViolation) as caught:
        parse_credentials(provider, raw)
    assert caught.value.code == "invalid_credentials"
    for messages in caught.value.fields.values():  # a refusal never repeats the value
        assert not any(str(v) in " ".join(messages) for v in raw.values() if v)
    return caught.value.fields


def connection(provider=RAZORPAY, raw=RZP, seal=None, now=NOW) -> GatewayConnection:
    return GatewayConnection.open(id="pgc_1", author_id="usr_1",
                                  credentials=parse_credentials(provider, raw),
                                  seal=seal or Sealer(), now=now)


# -- the shape of credentials ---------------------------------------------------------------
def test_razorpay_key_ids_give_the_mode_and_keys_must_look_like_razorpays():
    test = parse_credentials(RAZORPAY, RZP)
    assert (test.mode, test.secret_kind, test.key_id, test.secret, test.account_id) == (
        GatewayMode.TEST, SecretKind.KEY_SECRET, RZP["key_id"], RZP["key_secret"], None)
    live = parse_credentials(RAZORPAY, {**RZP, "key_id": "rzp_live_AbCdEfGhIjKlMn",
                                        "account_id": "acc_AbCdEfGhIjKlMn"})
    assert (live.mode, live.account_id) == (GatewayMode.LIVE, "acc_AbCdEfGhIjKlMn")
    assert set(faults(RAZORPAY, {"key_id": "rzp_prod_AbCdEfGhIjKlMn", "key_secret": "short",
                                 "account_id": "acct_x"})) == {"key_id", "key_secret",
                                                               "account_id"}
    assert faults(RAZORPAY, {}) == {"key_id": ["Required."], "key_secret": ["Required."]}
    assert set(faults(RAZORPAY, {**RZP, "webhook_secret": "too short"})) == {"webhook_secret"}
    assert set(faults(RAZORPAY, {**RZP, "webhook_secret": "has a space in it ok"})) == {
        "webhook_secret"}


def test_stripe_takes_an_account_and_one_secret_key_restricted_key_or_access_token():
    key = parse_credentials(STRIPE, STR)
    assert (key.mode, key.secret_kind, key.account_type, key.account_id) == (
        GatewayMode.TEST, SecretKind.SECRET_KEY, StripeAccountType.STANDARD, STR["account_id"])
    restricted = parse_credentials(STRIPE, {**STR, "secret_key": "rk_live_" + "a" * 24,
                                            "account_type": "express"})
    assert (restricted.mode, restricted.secret_kind, restricted.account_type) == (
        GatewayMode.LIVE, SecretKind.RESTRICTED_KEY, StripeAccountType.EXPRESS)
    oauth = parse_credentials(STRIPE, {"account_id": STR["account_id"],
                                       "access_token": "sk_live_" + "b" * 30,
                                       "webhook_secret": WHSEC})
    assert (oauth.secret_kind, oauth.mode, oauth.webhook_secret) == (
        SecretKind.ACCESS_TOKEN, GatewayMode.LIVE, WHSEC)

    both = faults(STRIPE, {**STR, "access_token": "sk_test_" + "c" * 20})
    assert set(both) == {"secret_key", "access_token"}
    assert set(faults(STRIPE, {"account_id": STR["account_id"]})) == {"secret_key",
                                                                      "access_token"}
    assert "publishable" in faults(STRIPE, {**STR, "secret_key": "pk_test_" + "d" * 24})[
        "secret_key"][0]
    assert set(faults(STRIPE, {**STR, "access_token": None,
                               "secret_key": "rk_test_short"})) == {"secret_key"}
    assert set(faults(STRIPE, {"access_token": "rk_test_" + "e" * 24,
                               "account_id": "acc_123456789"})) == {"access_token",
                                                                    "account_id"}
    assert set(faults(STRIPE, {**STR, "account_type": "PLATFORM"})) == {"account_type"}
    assert set(faults(STRIPE, {**STR, "webhook_secret": "AbCdEfGhIjKlMnOpQrSt"})) == {
        "webhook_secret"}


def test_xendit_takes_a_business_id_and_a_secret_key_whose_prefix_gives_the_mode():
    dev = parse_credentials(XENDIT, {**XND, "webhook_token": XND_TOKEN})
    assert (dev.mode, dev.secret_kind, dev.business_id, dev.webhook_secret) == (
        GatewayMode.TEST, SecretKind.API_KEY, XND["business_id"], XND_TOKEN)
    prod = parse_credentials(XENDIT, {**XND, "api_key": "xnd_production_" + "Z" * 40})
    assert prod.mode == GatewayMode.LIVE
    assert "public key" in faults(XENDIT, {**XND, "api_key": "xnd_public_development_x" * 2})[
        "api_key"][0]
    assert set(faults(XENDIT, {"business_id": "5F27A14A9BF05C73DD040BC8",
                               "api_key": "sk_test_" + "a" * 30})) == {"business_id",
                                                                       "api_key"}
    assert set(faults(XENDIT, {**XND, "webhook_token": "not-a-token-!!-!!"})) == {
        "webhook_token"}


def test_credentials_never_show_their_secrets_in_repr_and_providers_parse_in_any_case():
    text = repr(parse_credentials(STRIPE, {**STR, "webhook_secret": WHSEC}))
    assert STRIPE_KEY not in text and WHSEC not in text and STR["account_id"] in text
    assert GatewayProvider.parse("stripe") is STRIPE
    assert GatewayProvider.parse(" Xendit ") is XENDIT
    with pytest.raises(ValueError):
        GatewayProvider.parse("paypal")


def test_webhook_secrets_have_each_providers_shape():
    assert check_webhook_secret(STRIPE, f"  {WHSEC} ") == WHSEC
    assert check_webhook_secret(RAZORPAY, RZP_HOOK) == RZP_HOOK
    assert check_webhook_secret(XENDIT, XND_TOKEN) == XND_TOKEN
    for provider, bad in ((STRIPE, "AbCdEfGhIjKlMnOpQrSt"), (RAZORPAY, "short"),
                          (XENDIT, "with spaces inside it"), (XENDIT, None)):
        with pytest.raises(RuleViolation) as caught:
            check_webhook_secret(provider, bad, field_name="webhook_token")
        assert caught.value.code == "invalid_webhook_secret"
        assert list(caught.value.fields) == ["webhook_token"]


# -- the connection -------------------------------------------------------------------------
def test_connecting_keeps_only_what_the_seal_gives_and_the_last_four_characters():
    seal = Sealer()
    c = connection(STRIPE, {**STR, "webhook_secret": WHSEC}, seal=seal)
    assert seal.sealed == [STRIPE_KEY, WHSEC]
    assert (c.status, c.mode, c.account_id, c.account_type) == (
        ConnectionStatus.CONNECTED, GatewayMode.TEST, STR["account_id"],
        StripeAccountType.STANDARD)
    assert (c.secret_ciphertext, c.secret_hint, c.secret_kind) == (
        "ct-1", STRIPE_KEY[-4:], SecretKind.SECRET_KEY)
    assert (c.webhook_secret_ciphertext, c.webhook_secret_hint, c.webhook_secret_set_at) == (
        "ct-2", WHSEC[-4:], NOW)
    assert (c.verified, c.connected_at, c.webhook_health) == (False, NOW, Health.UNKNOWN)
    stored = " ".join(str(v) for v in vars(c).values())
    assert STRIPE_KEY not in stored and WHSEC not in stored


def test_a_reconnect_replaces_the_secrets_and_must_be_verified_again():
    seal = Sealer()
    c = connection(RAZORPAY, {**RZP, "webhook_secret": RZP_HOOK}, seal=seal)
    c.mark_verified(now=NOW)
    c.record_webhook(ok=False, now=NOW)
    new_secret = "AnotherKeySecretValue0002"
    c.connect(parse_credentials(RAZORPAY, {**RZP, "key_secret": new_secret}), seal=seal,
              now=LATER)
    assert (c.secret_ciphertext, c.secret_hint) == ("ct-3", new_secret[-4:])
    assert (c.verified, c.verified_at, c.connected_at, c.webhook_failure_count) == (
        False, None, LATER, 0)
    # the same account in the same mode keeps its webhook secret ...
    assert c.webhook_secret_ciphertext == "ct-2"
    # ... another account, or the other mode, does not
    c.connect(parse_credentials(RAZORPAY, {**RZP, "key_id": "rzp_live_AbCdEfGhIjKlMn"}),
              seal=seal, now=LATER)
    assert (c.mode, c.webhook_secret_ciphertext, c.webhook_secret_hint) == (
        GatewayMode.LIVE, None, None)
    with pytest.raises(ValueError):
        c.connect(parse_credentials(XENDIT, XND), seal=seal, now=LATER)


def test_disconnecting_wipes_the_secrets_keeps_the_public_ids_and_happens_once():
    c = connection(XENDIT, {**XND, "webhook_token": XND_TOKEN})
    c.mark_verified(now=NOW)
    c.disconnect(now=LATER)
    assert (c.status, c.disconnected_at, c.business_id) == (
        ConnectionStatus.DISCONNECTED, LATER, XND["business_id"])
    assert (c.secret_ciphertext, c.secret_hint, c.webhook_secret_ciphertext,
            c.webhook_secret_hint, c.verified) == (None, None, None, None, False)
    with pytest.raises(InvalidTransition) as caught:
        c.disconnect(now=LATER)
    assert caught.value.code == "gateway_not_connected"
    with pytest.raises(InvalidTransition):
        c.set_webhook_secret(XND_TOKEN, seal=Sealer(), now=LATER)
    with pytest.raises(InvalidTransition):
        c.mark_verified(now=LATER)
    c.connect(parse_credentials(XENDIT, XND), seal=Sealer(), now=LATER)  # and back
    assert (c.status, c.disconnected_at, c.secret_ciphertext) == (
        ConnectionStatus.CONNECTED, None, "ct-1")


def test_a_webhook_secret_is_checked_sealed_and_replaced():
    seal = Sealer()
    c = connection(STRIPE, STR, seal=seal)
    with pytest.raises(RuleViolation):
        c.set_webhook_secret("not-a-whsec-secret-at-all", seal=seal, now=LATER)
    c.record_webhook(ok=False, now=NOW)
    c.set_webhook_secret(WHSEC, seal=seal, now=LATER)
    assert (c.webhook_secret_ciphertext, c.webhook_secret_hint, c.webhook_secret_set_at,
            c.webhook_failure_count) == ("ct-2", WHSEC[-4:], LATER, 0)


def test_webhook_health_counts_refusals_in_a_row_since_the_last_connect():
    c = connection()
    assert c.webhook_health == Health.UNKNOWN
    c.record_webhook(ok=True, now=NOW)
    assert (c.webhook_health, c.last_webhook_ok_at) == (Health.HEALTHY, NOW)
    for n in range(1, 4):
        c.record_webhook(ok=False, now=NOW + timedelta(minutes=n))
        assert c.webhook_failure_count == n
    assert (c.webhook_health, c.last_webhook_at, c.last_webhook_ok_at) == (
        Health.FAILING, NOW + timedelta(minutes=3), NOW)
    c.record_webhook(ok=True, now=LATER)
    assert (c.webhook_health, c.webhook_failure_count) == (Health.HEALTHY, 0)
    c.record_webhook(ok=False, now=LATER)
    assert c.webhook_health == Health.DEGRADED
    c.connect(parse_credentials(RAZORPAY, RZP), seal=Sealer(), now=LATER + timedelta(hours=1))
    assert c.webhook_health == Health.UNKNOWN


def test_verification_records_what_the_provider_says():
    c = connection(STRIPE, STR)
    c.mark_verified(now=LATER, charges_enabled=True, details_submitted=True)
    assert (c.verified, c.verified_at, c.charges_enabled, c.payouts_enabled,
            c.details_submitted) == (True, LATER, True, False, True)


# -- the default ----------------------------------------------------------------------------
def test_the_default_is_a_connected_gateway_and_disconnecting_it_clears_it():
    settings = GatewaySettings(id="pgs_1", author_id="usr_1", created_at=NOW, updated_at=NOW)
    stripe = connection(STRIPE, STR)
    with pytest.raises(InvalidTransition) as caught:
        settings.choose_default(RAZORPAY, None, now=NOW)
    assert (caught.value.code, list(caught.value.fields)) == ("gateway_not_connected",
                                                              ["gateway"])
    with pytest.raises(InvalidTransition):
        settings.choose_default(RAZORPAY, stripe, now=NOW)  # not that gateway's connection
    settings.adopt(STRIPE, now=NOW)
    assert settings.default_gateway == STRIPE
    settings.adopt(RAZORPAY, now=NOW)  # only while there is none
    settings.forget(RAZORPAY, now=NOW)  # not the default: nothing changes
    assert settings.default_gateway == STRIPE
    stripe.disconnect(now=LATER)
    with pytest.raises(InvalidTransition):
        settings.choose_default(STRIPE, stripe, now=LATER)
    settings.forget(STRIPE, now=LATER)
    assert (settings.default_gateway, settings.updated_at) == (None, LATER)
    razorpay = connection()
    settings.choose_default(RAZORPAY, razorpay, now=LATER)
    assert settings.default_gateway == RAZORPAY
    settings.choose_default(None, None, now=LATER)
    assert settings.default_gateway is None


# -- the services on the memory suite -------------------------------------------------------
@pytest.fixture
def container():
    return build_container(env="test")


def author(container):
    user = add_user(container, role=UserRole.AUTHOR)
    with container.uow() as uow:
        uow.author_profiles.add(AuthorProfileFactory(user_id=user.id))
        uow.commit()
    return actor_of(user)


def test_only_authors_configure_gateways(container):
    reader = actor_of(add_user(container))
    service = container.gateway_config()
    for call in (lambda: service.overview(actor=reader),
                 lambda: service.status(actor=reader, provider=STRIPE),
                 lambda: service.connect(actor=reader, provider=RAZORPAY, fields=RZP),
                 lambda: service.set_default(actor=reader, gateway=None)):
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert caught.value.code == "author_required"


def test_the_service_seals_with_the_gateway_key_and_authors_see_only_their_own(container):
    ana, bob = author(container), author(container)
    service, secrets = container.gateway_config(), container.gateway_secrets()
    view = service.connect(actor=ana, provider=RAZORPAY,
                           fields={**RZP, "webhook_secret": RZP_HOOK})
    assert (view.status, view.is_default, view.verified, view.secret.last4) == (
        ConnectionStatus.CONNECTED, True, False, RZP["key_secret"][-4:])
    assert "ciphertext" not in " ".join(vars(view))
    stored = container.memory_database().all(GatewayConnection)[0]
    assert RZP["key_secret"] not in stored.secret_ciphertext
    assert container.gateway_box().decrypt(stored.secret_ciphertext) == RZP["key_secret"]

    theirs = service.overview(actor=bob)
    assert theirs.default_gateway is None
    assert {v.status for v in (theirs.razorpay, theirs.stripe, theirs.xendit)} == {
        ConnectionStatus.NOT_CONNECTED}
    assert secrets.credentials(bob.user_id, RAZORPAY) is None
    with pytest.raises(Conflict) as caught:
        service.disconnect(actor=bob, provider=RAZORPAY)
    assert caught.value.code == "gateway_not_connected"
    with pytest.raises(Conflict):
        service.set_default(actor=bob, gateway=RAZORPAY)
    with pytest.raises(ValidationFailed) as invalid:
        service.connect(actor=bob, provider=STRIPE, fields={"account_id": "acct_x"})
    assert invalid.value.code == "invalid_credentials"


def test_gateway_secrets_answer_decrypted_secrets_while_connected(container):
    ana = author(container)
    service, secrets = container.gateway_config(), container.gateway_secrets()
    assert secrets.webhook_secret(ana.user_id, "stripe") is None
    service.connect(actor=ana, provider=STRIPE, fields={**STR, "account_type": "CUSTOM"})
    assert secrets.webhook_secret(ana.user_id, "stripe") is None  # connected, none set
    service.set_webhook_secret(actor=ana, provider=STRIPE, secret=WHSEC)
    assert secrets.webhook_secret(ana.user_id, "STRIPE") == WHSEC
    assert secrets.credentials(ana.user_id, STRIPE) == {
        "provider": "STRIPE", "mode": "TEST", "verified": False,
        "account_id": STR["account_id"], "account_type": "CUSTOM", "api_key": STRIPE_KEY,
        "api_key_kind": "SECRET_KEY", "webhook_secret": WHSEC}
    service.connect(actor=ana, provider=RAZORPAY, fields={**RZP, "account_id": "acc_12345678"})
    assert secrets.credentials(ana.user_id, RAZORPAY) == {
        "provider": "RAZORPAY", "mode": "TEST", "verified": False, "key_id": RZP["key_id"],
        "key_secret": RZP["key_secret"], "account_id": "acc_12345678", "webhook_secret": None}
    service.connect(actor=ana, provider=XENDIT, fields={**XND, "webhook_token": XND_TOKEN})
    assert secrets.credentials(ana.user_id, XENDIT) == {
        "provider": "XENDIT", "mode": "TEST", "verified": False,
        "business_id": XND["business_id"], "api_key": XND_KEY, "webhook_token": XND_TOKEN}
    assert secrets.webhook_secret(ana.user_id, XENDIT) == XND_TOKEN

    service.disconnect(actor=ana, provider=STRIPE)
    assert secrets.webhook_secret(ana.user_id, STRIPE) is None
    assert secrets.credentials(ana.user_id, STRIPE) is None
    with pytest.raises(ValueError):
        secrets.credentials(ana.user_id, "paypal")


def test_record_webhook_updates_the_health_of_a_connected_gateway_only(container):
    ana = author(container)
    service, secrets, clock = (container.gateway_config(), container.gateway_secrets(),
                               container.clock())
    assert secrets.record_webhook(ana.user_id, RAZORPAY, ok=True) is False
    service.connect(actor=ana, provider=RAZORPAY, fields=RZP)
    clock.advance(minutes=5)
    assert secrets.record_webhook(ana.user_id, "razorpay", ok=True) is True
    for _ in range(3):
        secrets.record_webhook(ana.user_id, RAZORPAY, ok=False)
    webhook = service.status(actor=ana, provider=RAZORPAY).webhook
    assert (webhook.health, webhook.failure_count, webhook.last_ok_at,
            webhook.last_received_at) == (Health.FAILING, 3, clock.now(), clock.now())
    secrets.record_webhook(ana.user_id, RAZORPAY, ok=True)
    assert service.status(actor=ana, provider=RAZORPAY).webhook.health == Health.HEALTHY
    service.disconnect(actor=ana, provider=RAZORPAY)
    assert secrets.record_webhook(ana.user_id, RAZORPAY, ok=False) is False
