import time

import pytest

from {{ cookiecutter.package_name }}.webhooks import policy
from {{ cookiecutter.package_name }}.webhooks.signing import signature_headers, standard_signature
from {{ cookiecutter.package_name }}.webhooks.verify import WebhookVerificationError, verify_webhook

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"id":"evt_1","type":"t","created_at":"2024-01-01T00:00:00.000Z","api_version":null,"data":{}}'


def test_the_standard_webhooks_test_vector() -> None:
    # From the Standard Webhooks specification's reference libraries.
    signature = standard_signature(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_delivery_verifies_by_either_scheme() -> None:
    now = int(time.time())
    headers = signature_headers([SECRET], "evt_1", now, BODY)
    assert verify_webhook(BODY, headers, SECRET)["id"] == "evt_1"
    spec_only = {name: value for name, value in headers.items() if not name.startswith("webhook-")}
    assert verify_webhook(BODY.decode(), spec_only, SECRET)["id"] == "evt_1"


@pytest.mark.parametrize("scheme", ["standard", "spec"])
def test_a_tampered_body_or_another_secret_is_refused(scheme: str) -> None:
    headers = signature_headers([SECRET], "evt_1", int(time.time()), BODY)
    if scheme == "spec":
        headers = {name: value for name, value in headers.items() if not name.startswith("webhook-")}
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY.replace(b"evt_1", b"evt_2"), headers, SECRET)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, headers, "whsec_" + "A" * 32)


def test_a_stale_timestamp_is_refused() -> None:
    stale = int(time.time() - policy.TIMESTAMP_TOLERANCE_SECONDS - 60)
    headers = signature_headers([SECRET], "evt_1", stale, BODY)
    with pytest.raises(WebhookVerificationError, match="timestamp"):
        verify_webhook(BODY, headers, SECRET)


def test_a_delivery_without_signatures_is_refused() -> None:
    with pytest.raises(WebhookVerificationError, match="present"):
        verify_webhook(BODY, {"content-type": "application/json"}, SECRET)
