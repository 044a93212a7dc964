"""DNS lookups through dnspython (the public resolver the host is configured with)."""

import dns.exception
import dns.resolver

from ownverso.services.ports import DnsLookupError, DnsResolver

ABSENT = (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer)


class DnspythonResolver(DnsResolver):
    """``resolver`` is anything with dnspython's ``resolve(name, rdtype, lifetime=…)``; by
    default the system's resolver."""

    def __init__(self, resolver=None, *, lifetime: float = 5.0):
        self.resolver = resolver if resolver is not None else dns.resolver.Resolver()
        self.lifetime = lifetime

    def _answer(self, name: str, rdtype: str) -> list:
        try:
            return list(self.resolver.resolve(name, rdtype, lifetime=self.lifetime))
        except ABSENT:
            return []
        except (dns.resolver.NoNameservers, dns.exception.Timeout,
                dns.exception.DNSException) as error:
            raise DnsLookupError(f"DNS lookup of {rdtype} {name} failed: {error}") from error

    def txt_records(self, name: str) -> list[str]:
        """Each TXT record's strings joined (long values are split in 255-byte strings)."""
        return [b"".join(rdata.strings).decode("utf-8", "replace")
                for rdata in self._answer(name, "TXT")]

    def cname(self, name: str) -> str | None:
        for rdata in self._answer(name, "CNAME"):
            return rdata.target.to_text(omit_final_dot=True).lower()
        return None

    def a_records(self, name: str) -> list[str]:
        return [rdata.address for rdata in self._answer(name, "A")]
