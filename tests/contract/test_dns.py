"""One contract for the DNS resolver port: the in-memory stand-in, and the dnspython adapter
answering from a fake resolver object (real dnspython records, no network)."""

import dns.exception
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.resolver
import pytest

from ownverso.adapters.dns_resolver import DnspythonResolver
from ownverso.adapters.memory.dns import InMemoryDnsResolver
from ownverso.services.ports import DnsLookupError

LONG = "v" * 300  # longer than one TXT string (255 bytes)


class FakeDnspython:
    """What dnspython's Resolver.resolve answers, from a table of record texts."""

    def __init__(self):
        self.zone: dict[tuple[str, str], list[str]] = {}
        self.failing: set[str] = set()

    def resolve(self, name, rdtype, lifetime=None):
        name = name.lower().rstrip(".")
        if name in self.failing:
            raise dns.exception.Timeout
        if (name, rdtype) not in self.zone:
            if any(n == name for n, _ in self.zone):
                raise dns.resolver.NoAnswer
            raise dns.resolver.NXDOMAIN
        return [dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rdtype), text)
                for text in self.zone[(name, rdtype)]]


class MemoryRecords:
    def __init__(self):
        self.resolver = InMemoryDnsResolver()

    def txt(self, name, *values):
        self.resolver.set_txt(name, *values)

    def cname(self, name, target):
        self.resolver.set_cname(name, target)

    def a(self, name, *addresses):
        self.resolver.set_a(name, *addresses)

    def fail(self, name):
        self.resolver.fail_with(name)


class DnspythonRecords:
    def __init__(self):
        self.fake = FakeDnspython()
        self.resolver = DnspythonResolver(self.fake, lifetime=1.0)

    def txt(self, name, *values):
        def text(value):  # long values are published as several strings
            chunks = [value[i:i + 255] for i in range(0, len(value), 255)]
            return " ".join(f'"{c}"' for c in chunks)
        self.fake.zone[(name, "TXT")] = [text(v) for v in values]

    def cname(self, name, target):
        self.fake.zone[(name, "CNAME")] = [target.upper() + "."]

    def a(self, name, *addresses):
        self.fake.zone[(name, "A")] = list(addresses)

    def fail(self, name):
        self.fake.failing.add(name)


@pytest.fixture(params=["memory", "dnspython"])
def records(request):
    return MemoryRecords() if request.param == "memory" else DnspythonRecords()


def test_txt_records_come_back_whole(records):
    records.txt("_ownverso-verify.example.org", "ownverso-verify=abc", LONG)
    assert sorted(records.resolver.txt_records("_ownverso-verify.example.org")) == sorted(
        ["ownverso-verify=abc", LONG])


def test_a_cname_is_lower_case_without_the_final_dot(records):
    records.cname("stories.example.org", "sites.ownverso.app")
    assert records.resolver.cname("stories.example.org") == "sites.ownverso.app"


def test_a_records(records):
    records.a("example.org", "203.0.113.10", "203.0.113.11")
    assert sorted(records.resolver.a_records("example.org")) == ["203.0.113.10", "203.0.113.11"]


def test_absent_names_and_types_answer_empty(records):
    records.a("example.org", "203.0.113.10")
    assert records.resolver.txt_records("nothing.example.org") == []
    assert records.resolver.cname("example.org") is None
    assert records.resolver.a_records("nothing.example.org") == []
    assert records.resolver.txt_records("example.org") == []


def test_a_failing_lookup_raises_the_ports_error(records):
    records.fail("slow.example.org")
    with pytest.raises(DnsLookupError):
        records.resolver.txt_records("slow.example.org")


def test_the_dnspython_adapter_passes_the_lifetime():
    calls = []

    class Recording:
        def resolve(self, name, rdtype, lifetime=None):
            calls.append((name, rdtype, lifetime))
            raise dns.resolver.NXDOMAIN

    DnspythonResolver(Recording(), lifetime=2.5).a_records("example.org")
    assert calls == [("example.org", "A", 2.5)]


def test_no_nameservers_is_a_lookup_error():
    class Broken:
        def resolve(self, name, rdtype, lifetime=None):
            raise dns.resolver.NoNameservers

    with pytest.raises(DnsLookupError):
        DnspythonResolver(Broken()).cname("example.org")
