"""What an author hands over to connect a payment gateway, checked for shape per provider.

Nothing here calls a provider: these rules only refuse what cannot be a key of that provider
(a Stripe publishable key where the secret one goes, a test key id with a typo), and read the
mode (test or live) from the key itself. Error messages never repeat the value they refuse.

    Razorpay  key_id rzp_test_…/rzp_live_…, key_secret, account_id acc_… (Route), webhook secret
    Stripe    account_id acct_…, account_type, secret_key sk_…/rk_… or access_token sk_… (OAuth),
              webhook secret whsec_…
    Xendit    business_id (24 hex), api_key xnd_development_…/xnd_production_…, webhook token
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ownverso.domain.errors import RuleViolation

HINT = 4  # characters of a secret ever shown back


class GatewayProvider(StrEnum):
    RAZORPAY = "RAZORPAY"
    STRIPE = "STRIPE"
    XENDIT = "XENDIT"

    @classmethod
    def parse(cls, value: "GatewayProvider | str") -> "GatewayProvider":
        """The provider named by ``value`` in any case (``ValueError`` for another name)."""
        return value if isinstance(value, cls) else cls(str(value).strip().upper())


class GatewayMode(StrEnum):
    TEST = "TEST"
    LIVE = "LIVE"


class StripeAccountType(StrEnum):
    STANDARD = "STANDARD"
    EXPRESS = "EXPRESS"
    CUSTOM = "CUSTOM"


class SecretKind(StrEnum):
    """Which secret a connection holds: Razorpay's key secret, Stripe's secret or restricted
    key or OAuth access token, Xendit's secret API key."""

    KEY_SECRET = "KEY_SECRET"
    SECRET_KEY = "SECRET_KEY"
    RESTRICTED_KEY = "RESTRICTED_KEY"
    ACCESS_TOKEN = "ACCESS_TOKEN"
    API_KEY = "API_KEY"


@dataclass(frozen=True)
class Credentials:
    """Checked input of one connect. The secrets stay out of ``repr`` (and so out of logs and
    tracebacks)."""

    provider: GatewayProvider
    mode: GatewayMode
    secret_kind: SecretKind
    secret: str = field(repr=False)
    key_id: str | None = None
    account_id: str | None = None
    account_type: StripeAccountType | None = None
    business_id: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)

    @property
    def account(self) -> tuple:
        """What the credentials are of: the same account in the same mode keeps its webhook
        secret across a reconnect; another one does not."""
        return self.key_id, self.account_id, self.business_id, self.mode


_MODES = {"test": GatewayMode.TEST, "live": GatewayMode.LIVE,
          "development": GatewayMode.TEST, "production": GatewayMode.LIVE}
RAZORPAY_KEY_ID = re.compile(r"rzp_(test|live)_[A-Za-z0-9]{8,32}")
RAZORPAY_KEY_SECRET = re.compile(r"[A-Za-z0-9]{16,64}")
RAZORPAY_ACCOUNT = re.compile(r"acc_[A-Za-z0-9]{8,32}")
STRIPE_ACCOUNT = re.compile(r"acct_[A-Za-z0-9]{8,32}")
STRIPE_KEY = re.compile(r"(?P<kind>sk|rk)_(?P<mode>test|live)_[A-Za-z0-9]{16,240}")
STRIPE_TOKEN = re.compile(r"(?P<kind>sk)_(?P<mode>test|live)_[A-Za-z0-9]{16,240}")
XENDIT_BUSINESS = re.compile(r"[0-9a-f]{24}")
XENDIT_API_KEY = re.compile(r"xnd_(development|production)_[A-Za-z0-9+/=_-]{20,200}")
WEBHOOK_SECRETS = {
    # Razorpay: chosen by the author in its dashboard; long enough that 4 shown chars are few
    GatewayProvider.RAZORPAY: (re.compile(r"[\x21-\x7e]{16,128}"),
                               "16 to 128 characters, no spaces."),
    GatewayProvider.STRIPE: (re.compile(r"whsec_[A-Za-z0-9+/=]{16,128}"),
                             "The endpoint's signing secret: whsec_ and 16 to 128 characters."),
    GatewayProvider.XENDIT: (re.compile(r"[A-Za-z0-9]{16,128}"),
                             "The callback verification token: 16 to 128 letters and digits."),
}


class _Form:
    """Reads fields of a raw mapping, collecting every fault before refusing."""

    def __init__(self, raw: Mapping[str, object]):
        self.raw, self.errors = raw, {}

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        return (value.strip() or None) if isinstance(value, str) else None

    def match(self, name: str, pattern: re.Pattern, message: str, *,
              required: bool = True) -> re.Match | None:
        value = self.text(name)
        if value is None:
            if required:
                self.errors[name] = ["Required."]
            return None
        found = pattern.fullmatch(value)
        if found is None:
            self.errors[name] = [message]
        return found

    def fault(self, name: str, message: str) -> None:
        self.errors[name] = [message]

    def check(self) -> None:
        if self.errors:
            raise RuleViolation("These credentials cannot be this gateway's.",
                                code="invalid_credentials", fields=self.errors)


def parse_credentials(provider: GatewayProvider, raw: Mapping[str, object]) -> Credentials:
    """The credentials ``raw`` gives for ``provider``; 422 ``invalid_credentials`` naming every
    field at fault otherwise."""
    form = _Form(raw)
    credentials = _PARSERS[provider](form)
    webhook_field = "webhook_token" if provider == GatewayProvider.XENDIT else "webhook_secret"
    webhook = form.text(webhook_field)
    if webhook is not None:
        pattern, message = WEBHOOK_SECRETS[provider]
        if pattern.fullmatch(webhook) is None:
            form.fault(webhook_field, message)
    form.check()
    assert credentials is not None
    return Credentials(**{**credentials, "webhook_secret": webhook})


def check_webhook_secret(provider: GatewayProvider, value: str | None, *,
                         field_name: str = "webhook_secret") -> str:
    """A webhook secret (Xendit: token) of the shape ``provider`` issues, trimmed."""
    pattern, message = WEBHOOK_SECRETS[provider]
    value = (value or "").strip()
    if pattern.fullmatch(value) is None:
        raise RuleViolation("This cannot be the gateway's webhook secret.",
                            code="invalid_webhook_secret", fields={field_name: [message]})
    return value


def _razorpay(form: _Form) -> dict | None:
    key_id = form.match("key_id", RAZORPAY_KEY_ID,
                        "A key id: rzp_test_ or rzp_live_ and 8 to 32 letters and digits.")
    secret = form.match("key_secret", RAZORPAY_KEY_SECRET,
                        "The key secret: 16 to 64 letters and digits.")
    account = form.match("account_id", RAZORPAY_ACCOUNT,
                         "A Route account id: acc_ and 8 to 32 letters and digits.",
                         required=False)
    if not (key_id and secret):
        return None
    return {"provider": GatewayProvider.RAZORPAY, "mode": _MODES[key_id.group(1)],
            "secret_kind": SecretKind.KEY_SECRET, "secret": secret.group(0),
            "key_id": key_id.group(0), "account_id": account.group(0) if account else None}


def _stripe(form: _Form) -> dict | None:
    account = form.match("account_id", STRIPE_ACCOUNT,
                         "A Stripe account id: acct_ and 8 to 32 letters and digits.")
    kind_name = (form.text("account_type") or "STANDARD").upper()
    if kind_name not in StripeAccountType.__members__:
        form.fault("account_type", "One of STANDARD, EXPRESS, CUSTOM.")
    given = [name for name in ("secret_key", "access_token") if form.text(name)]
    if len(given) != 1:
        message = "Give the secret (or restricted) key or the OAuth access token, one of them."
        for name in ("secret_key", "access_token"):
            form.fault(name, message)
        return None
    name = given[0]
    if form.text(name).startswith("pk_"):
        form.fault(name, "That is the publishable key (pk_); give the secret one (sk_ or rk_).")
        return None
    key = form.match(name, STRIPE_KEY if name == "secret_key" else STRIPE_TOKEN,
                     "sk_ or rk_, then test_ or live_ and at least 16 letters and digits."
                     if name == "secret_key" else
                     "An access token: sk_test_ or sk_live_ and at least 16 letters and digits.")
    if not (account and key) or form.errors:
        return None
    kind = (SecretKind.ACCESS_TOKEN if name == "access_token" else
            SecretKind.RESTRICTED_KEY if key["kind"] == "rk" else SecretKind.SECRET_KEY)
    return {"provider": GatewayProvider.STRIPE, "mode": _MODES[key["mode"]],
            "secret_kind": kind, "secret": key.group(0), "account_id": account.group(0),
            "account_type": StripeAccountType[kind_name]}


def _xendit(form: _Form) -> dict | None:
    business = form.match("business_id", XENDIT_BUSINESS,
                          "The business id: 24 lowercase hexadecimal characters.")
    if (form.text("api_key") or "").startswith("xnd_public_"):
        form.fault("api_key", "That is the public key; give the secret API key.")
        return None
    key = form.match("api_key", XENDIT_API_KEY,
                     "A secret API key: xnd_development_ or xnd_production_ and at least 20 "
                     "characters.")
    if not (business and key):
        return None
    return {"provider": GatewayProvider.XENDIT, "mode": _MODES[key.group(1)],
            "secret_kind": SecretKind.API_KEY, "secret": key.group(0),
            "business_id": business.group(0)}


_PARSERS = {GatewayProvider.RAZORPAY: _razorpay, GatewayProvider.STRIPE: _stripe,
            GatewayProvider.XENDIT: _xendit}
