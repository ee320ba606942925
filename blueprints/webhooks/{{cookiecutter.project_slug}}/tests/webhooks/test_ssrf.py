import ipaddress

import pytest

from {{ cookiecutter.package_name }}.webhooks.ssrf import TargetRefusedError, check_url, refused_reason

from .conftest import Hooks, Receiver, Reply


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "::1",
        "fd00:ec2::254",
        "fe80::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "224.0.0.1",
    ],
)
def test_private_loopback_link_local_cgnat_and_metadata_addresses_are_refused(address: str) -> None:
    assert refused_reason(ipaddress.ip_address(address)) is not None
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(TargetRefusedError, match="may not reach"):
        check_url(f"https://{host}/hook", allow_private=False)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refused_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com", "http:///x"])
def test_only_http_and_https_urls_with_a_host(url: str) -> None:
    with pytest.raises(TargetRefusedError):
        check_url(url, allow_private=True)


def test_private_targets_are_allowed_only_when_configured() -> None:
    check_url("http://127.0.0.1:9/hook", allow_private=True)
    with pytest.raises(TargetRefusedError):
        check_url("http://127.0.0.1:9/hook", allow_private=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_delivery_to_a_refused_target_is_not_sent(hooks: Hooks, receiver: Receiver, host: str) -> None:
    hooks.register(receiver.url.replace("127.0.0.1", host))
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id), webhook_allow_private_targets=False)
    delivery = hooks.delivery(event_id)
    assert (delivery.status, delivery.attempts) == ("dead", 1)
    assert "may not reach" in (delivery.last_error or "")
    assert receiver.requests == []


def test_redirects_are_not_followed(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(307, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    assert len(receiver.requests) == 1
    assert hooks.delivery(event_id).last_status_code == 307
