"""Custom domains: which names a site may use and the DNS records that prove it owns one."""

import re

from ownverso.domain.errors import RuleViolation

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
VERIFY_PREFIX = "_ownverso-verify"
PLATFORM_DOMAINS = ("ownverso.com", "ownverso.app", "ownverso.local")
BLOCKED = frozenset({"localhost", "localdomain", "local", "internal", "invalid", "test",
                     "example"})


def _bad(message: str) -> RuleViolation:
    return RuleViolation(message, code="invalid_domain", fields={"domain": [message]})


def is_under(domain: str, parent: str) -> bool:
    return bool(parent) and (domain == parent or domain.endswith("." + parent))


def normalize_domain(raw: str, *, platform_hosts: tuple[str, ...] = ()) -> str:
    """A lower-case host name of two labels or more, not an address, not one of ours."""
    domain = (raw or "").strip().lower().rstrip(".")
    if "://" in domain or "/" in domain or ":" in domain or "@" in domain:
        raise _bad("Send the bare host name, like stories.example.org (no scheme, path or port).")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise _bad("This is not a valid host name.") from None
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2 or not all(LABEL.match(lb) for lb in labels):
        raise _bad("This is not a valid host name.")
    if not TLD.match(labels[-1]) or labels[-1] in BLOCKED:
        raise _bad("Use a public domain name (not an IP address or a local name).")
    if any(is_under(domain, host) for host in (*PLATFORM_DOMAINS, *platform_hosts)):
        raise _bad("Ownverso's own addresses cannot be used as a custom domain.")
    return domain


def verification_name(domain: str) -> str:
    return f"{VERIFY_PREFIX}.{domain}"


def verification_value(token: str) -> str:
    return f"ownverso-verify={token}"


def dns_records(domain: str, *, token: str, target: str) -> list[dict]:
    """The records the author creates at their DNS host."""
    return [
        {"type": "TXT", "name": verification_name(domain), "value": verification_value(token),
         "purpose": "Proves you own the domain."},
        {"type": "CNAME", "name": domain, "value": target,
         "purpose": "Points the domain at your Ownverso site (for an apex domain, use ALIAS/"
                    "ANAME or A records with the addresses of the target)."},
    ]
