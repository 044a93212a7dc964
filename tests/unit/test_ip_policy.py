"""Fetching from a URL reaches public addresses only, in IPv4 and IPv6."""

import pytest

from ownverso.adapters.ip_policy import is_public_address


@pytest.mark.parametrize("address", [
    "10.0.0.1", "10.255.255.254",               # private
    "172.16.0.1", "172.31.255.255",             # private
    "192.168.1.10",                             # private
    "127.0.0.1", "127.8.9.10",                  # loopback
    "169.254.169.254",                          # link-local (cloud metadata)
    "0.0.0.0", "0.1.2.3",                       # unspecified, "this network"
    "100.64.0.1",                               # shared address space (CGNAT)
    "224.0.0.1", "239.255.255.250",             # multicast
    "240.0.0.1", "255.255.255.255",             # reserved, broadcast
    "192.0.2.1", "198.51.100.7", "203.0.113.9",  # documentation
    "::1", "::",                                # loopback, unspecified
    "fc00::1", "fd12:3456::1",                  # unique local (fc00::/7)
    "fe80::1", "fe80::1%eth0",                  # link-local (fe80::/10)
    "ff02::1",                                  # multicast
    "fec0::1",                                  # site-local (deprecated)
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",      # IPv4-mapped
    "::ffff:169.254.169.254",
    "64:ff9b::7f00:1",                          # NAT64 of 127.0.0.1
    "2002:7f00:1::1",                           # 6to4 of 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",     # Teredo
    "2001:db8::1",                              # documentation
    "not an address", "",
])
def test_private_and_special_addresses_are_refused(address):
    assert is_public_address(address) is False


@pytest.mark.parametrize("address", [
    "93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111",
    "::ffff:93.184.215.14", "64:ff9b::808:808", "2a00:1450:4001:80b::200e",
])
def test_public_addresses_are_allowed(address):
    assert is_public_address(address) is True
