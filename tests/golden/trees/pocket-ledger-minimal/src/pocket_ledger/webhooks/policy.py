"""What the spec says about delivering webhooks, as values the engine reads (re-run intspec to change them)."""

from typing import Literal

# The wait before each retry, in seconds: retry n waits DELAYS[n - 1] (scaled by WEBHOOK_SCHEDULE_SCALE).
RETRY_DELAYS: list[float] = [60.0, 120.0, 240.0]  # pocket-ledger-minimal.md:111
# Attempts in all, the first included; after the last, the delivery goes to the dead-letter store.
MAX_ATTEMPTS = 4  # pocket-ledger-minimal.md:113
MAX_DELAY_SECONDS = 3600.0  # pocket-ledger-minimal.md:115
# Each delay is moved by up to this fraction, either way, so that retries of many deliveries spread out.
JITTER = 0.1
# How long a dead-lettered or delivered delivery is kept, with its attempts.
RETENTION_SECONDS = 604800.0  # pocket-ledger-minimal.md:117
# 4xx answers the spec's retry table retries (408 and 429 always are), with the attempts it allows.
RETRIED_CLIENT_ERRORS: dict[int, int] = {}

# The body's `api_version` for endpoints registered without one: the spec's configuration example's.
DEFAULT_API_VERSION: str | None = None

# The spec's own signature, sent beside the Standard Webhooks headers.
SIGNATURE_HEADER = "PL-Signature"  # pocket-ledger-minimal.md:88
SIGNATURE_HASH = "sha256"
SIGNATURE_ENCODING: Literal["hex", "base64"] = "hex"
SIGNED_CONTENT: Literal["body", "timestamp.body"] = "body"
SIGNATURE_FORMAT: Literal["plain", "t=timestamp,v1=signature", "sha256=signature"] = "plain"
# The header carrying the timestamp the spec's signature covers, when the spec names one.
TIMESTAMP_HEADER: str | None = None
# How old a delivery's timestamp may be when it is verified (replays are refused after this).
TIMESTAMP_TOLERANCE_SECONDS = 300.0
