"""The SSRF guard: a webhook URL is a customer's, so the service must not be steered to its own network.

Only http and https. The host is resolved and every address checked: loopback, private, link-local, CGNAT
(100.64.0.0/10), the cloud metadata addresses and their IPv6 equivalents (IPv4-mapped and NAT64 forms
included) are refused. `GuardedResolver` does the check inside the HTTP client's own resolution, so the
connection goes to the very addresses that were checked (the URL's host stays the Host header and the TLS
server name); redirects are not followed (`delivery`). `WEBHOOK_ALLOW_PRIVATE_TARGETS=true` lifts the
address check, for development and tests.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

REFUSED_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, with the metadata address 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",  # unique local, with the metadata address fd00:ec2::254
        "fe80::/10",
        "ff00::/8",
    )
]
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class TargetRefusedError(OSError):
    """A webhook URL the guard refuses; the message says why."""


def refused_reason(address: IPAddress) -> str | None:
    """Why ``address`` may not be a webhook target, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64 else None
        )
        if embedded is not None:
            return refused_reason(embedded)
    for network in REFUSED_NETWORKS:
        if address.version == network.version and address in network:
            return f"{address} is in {network}"
    if not address.is_global:
        return f"{address} is not a public address"
    return None


def check_url(url: str, allow_private: bool) -> None:
    """What can be checked without resolving: the scheme, a host, and the host when it is an address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise TargetRefusedError("a webhook URL is http or https")
    if not parts.hostname:
        raise TargetRefusedError("a webhook URL has a host")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    reason = None if allow_private else refused_reason(address)
    if reason:
        raise TargetRefusedError(f"webhooks may not reach {reason}")


class GuardedResolver(AbstractResolver):
    """Resolves like the system resolver, and refuses a host with any address the guard refuses."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.resolver = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self.resolver.resolve(host, port, family)
        if not self.allow_private:
            for result in results:
                reason = refused_reason(ipaddress.ip_address(result["host"]))
                if reason:
                    raise TargetRefusedError(f"webhooks may not reach {host}: {reason}")
        return results

    async def close(self) -> None:
        await self.resolver.close()
