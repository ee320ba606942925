"""`verify_webhook(body, headers, secret)`: the receiving side, for Python code that takes this service's
webhooks. It accepts a delivery signed with the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
`webhook-signature`) or, without them, with the spec's own signature header, and refuses a stale timestamp.

    from pocket_ledger.webhooks.verify import WebhookVerificationError, verify_webhook

    try:
        event = verify_webhook(request_body_bytes, request_headers, "whsec_...")
    except WebhookVerificationError:
        ...  # answer 400 and do nothing else
"""

import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from pocket_ledger.webhooks import policy
from pocket_ledger.webhooks.signing import InvalidSecretError, spec_digest, standard_signature


class WebhookVerificationError(Exception):
    """The delivery is not from the holder of the secret, or too old; the message says which check failed."""


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance_seconds: float = policy.TIMESTAMP_TOLERANCE_SECONDS,
    now: float | None = None,
) -> dict[str, Any]:
    """The delivered event, once its signature and timestamp check out; raises WebhookVerificationError."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    lowered = {name.lower(): value for name, value in headers.items()}
    moment = time.time() if now is None else now
    if "webhook-signature" in lowered:
        verify_standard(raw, lowered, secret, tolerance_seconds, moment)
    elif policy.SIGNATURE_HEADER.lower() in lowered:
        verify_spec_scheme(raw, lowered, secret, tolerance_seconds, moment)
    else:
        raise WebhookVerificationError(f"neither webhook-signature nor {policy.SIGNATURE_HEADER} is present")
    event: dict[str, Any] = json.loads(raw)
    return event


def verify_standard(body: bytes, headers: dict[str, str], secret: str, tolerance: float, now: float) -> None:
    message_id = headers.get("webhook-id", "")
    timestamp = checked_timestamp(headers.get("webhook-timestamp"), tolerance, now)
    try:
        expected = standard_signature(secret, message_id, timestamp, body)
    except InvalidSecretError as exc:
        raise WebhookVerificationError(str(exc)) from exc
    if not any(hmac.compare_digest(entry, expected) for entry in headers["webhook-signature"].split()):
        raise WebhookVerificationError("no webhook-signature entry matches")


def verify_spec_scheme(body: bytes, headers: dict[str, str], secret: str, tolerance: float, now: float) -> None:
    received, stamp = spec_signatures(headers[policy.SIGNATURE_HEADER.lower()], headers)
    timestamp = checked_timestamp(stamp, tolerance, now) if stamp is not None or policy.SIGNED_CONTENT != "body" else 0
    expected = spec_digest(secret, timestamp, body)
    if not any(hmac.compare_digest(signature, expected) for signature in received):
        raise WebhookVerificationError(f"the {policy.SIGNATURE_HEADER} signature does not match")


def spec_signatures(value: str, headers: dict[str, str]) -> tuple[list[str], str | None]:
    """The signatures the spec's header carries, and the timestamp they cover (None when it has none)."""
    stamp = headers.get(policy.TIMESTAMP_HEADER.lower()) if policy.TIMESTAMP_HEADER else None
    if policy.SIGNATURE_FORMAT == "t=timestamp,v1=signature":
        pairs = [part.strip().partition("=") for part in value.split(",")]
        stamps = [item for key, _, item in pairs if key == "t"]
        return [item for key, _, item in pairs if key == "v1"], stamps[0] if stamps else None
    if policy.SIGNATURE_FORMAT == "sha256=signature":
        return [value.strip().removeprefix("sha256=")], stamp
    return [value.strip()], stamp


def checked_timestamp(value: str | None, tolerance: float, now: float) -> int:
    if value is None or not value.strip().lstrip("-").isdigit():
        raise WebhookVerificationError("the delivery has no valid timestamp")
    timestamp = int(value)
    if abs(now - timestamp) > tolerance:
        raise WebhookVerificationError(f"the timestamp is more than {tolerance:g} s away from now")
    return timestamp
