"""Signing secrets and signatures: the Standard Webhooks headers, and the spec's own signature header.

Standard Webhooks: `webhook-signature` is `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>`,
keyed with the base64 bytes after `whsec_`; one entry per valid secret, separated by spaces. The spec's own
scheme (`policy`) keys its HMAC with the secret's text, as its verification example does.
"""

import base64
import binascii
import hashlib
import hmac
import secrets

from pocket_ledger.webhooks import policy

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


class InvalidSecretError(ValueError):
    """A secret that is not `whsec_` followed by the base64 of 24 to 64 random bytes."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: the bytes its base64 part encodes."""
    if not secret.startswith(SECRET_PREFIX):
        raise InvalidSecretError(f"a signing secret starts with {SECRET_PREFIX!r}")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as exc:
        raise InvalidSecretError("a signing secret is 'whsec_' followed by base64") from exc
    if not 24 <= len(key) <= 64:
        raise InvalidSecretError("a signing secret encodes 24 to 64 bytes")
    return key


def standard_signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` entry of `webhook-signature`."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def spec_digest(secret: str, timestamp: int, body: bytes) -> str:
    """The spec's signature of ``body``: its HMAC over its signed content, in its encoding."""
    signed = f"{timestamp}.".encode() + body if policy.SIGNED_CONTENT == "timestamp.body" else body
    digest = hmac.new(secret.encode("utf-8"), signed, policy.SIGNATURE_HASH).digest()
    if policy.SIGNATURE_ENCODING == "base64":
        return base64.b64encode(digest).decode("ascii")
    return digest.hex()


def spec_signature_value(secrets_: list[str], timestamp: int, body: bytes) -> str:
    """The value of the spec's signature header. A format with room for several signatures carries one per
    valid secret; the others carry the newest secret's only."""
    if policy.SIGNATURE_FORMAT == "t=timestamp,v1=signature":
        signatures = ",".join(f"v1={spec_digest(secret, timestamp, body)}" for secret in secrets_)
        return f"t={timestamp},{signatures}"
    digest = spec_digest(secrets_[0], timestamp, body)
    return f"sha256={digest}" if policy.SIGNATURE_FORMAT == "sha256=signature" else digest


def signature_headers(secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Every signature header of one attempt, signed with ``secrets_`` (newest first) at ``timestamp``."""
    headers = {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(standard_signature(secret, message_id, timestamp, body) for secret in secrets_),
        policy.SIGNATURE_HEADER: spec_signature_value(secrets_, timestamp, body),
    }
    if policy.TIMESTAMP_HEADER:
        headers[policy.TIMESTAMP_HEADER] = str(timestamp)
    return headers
