"""An in-memory DNS: tests (and the test environment) set the records a lookup answers."""

import threading

from ownverso.services.ports import DnsLookupError, DnsResolver


def _name(name: str) -> str:
    return name.strip().lower().rstrip(".")


class InMemoryDnsResolver(DnsResolver):
    """``dns.set_txt("_ownverso-verify.example.org", "token")``, ``dns.set_cname(...)``,
    ``dns.set_a(...)``; ``dns.fail_with(name)`` makes lookups of a name time out."""

    def __init__(self) -> None:
        self._txt: dict[str, list[str]] = {}
        self._cname: dict[str, str] = {}
        self._a: dict[str, list[str]] = {}
        self._failing: set[str] = set()
        self._lock = threading.Lock()
        self.lookups: list[tuple[str, str]] = []

    # -- what tests set ---------------------------------------------------------------------
    def set_txt(self, name: str, *values: str) -> None:
        with self._lock:
            self._txt[_name(name)] = list(values)

    def set_cname(self, name: str, target: str | None) -> None:
        with self._lock:
            if target is None:
                self._cname.pop(_name(name), None)
            else:
                self._cname[_name(name)] = _name(target)

    def set_a(self, name: str, *addresses: str) -> None:
        with self._lock:
            self._a[_name(name)] = list(addresses)

    def fail_with(self, name: str) -> None:
        with self._lock:
            self._failing.add(_name(name))

    def clear(self) -> None:
        with self._lock:
            self._txt.clear(), self._cname.clear(), self._a.clear(), self._failing.clear()
            self.lookups.clear()

    # -- the port ---------------------------------------------------------------------------
    def _lookup(self, kind: str, name: str) -> str:
        name = _name(name)
        self.lookups.append((kind, name))
        if name in self._failing:
            raise DnsLookupError(f"Timed out looking up {kind} {name}")
        return name

    def txt_records(self, name: str) -> list[str]:
        name = self._lookup("TXT", name)
        with self._lock:
            return list(self._txt.get(name, []))

    def cname(self, name: str) -> str | None:
        name = self._lookup("CNAME", name)
        with self._lock:
            return self._cname.get(name)

    def a_records(self, name: str) -> list[str]:
        name = self._lookup("A", name)
        with self._lock:
            return list(self._a.get(name, []))
