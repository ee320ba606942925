"""When a failed delivery is tried again, and whether it is: the spec's retry schedule with jitter, the
receiver's `Retry-After`, and which answers are worth another attempt."""

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal

from pocket_ledger.webhooks import policy

Outcome = Literal["delivered", "retry", "failed", "gone"]


@dataclass(frozen=True)
class Answer:
    """What an attempt got: a status (None when no answer came: timeout, refused connection) and the
    receiver's Retry-After, in seconds, when it sent one."""

    status: int | None
    retry_after: float | None = None


def outcome(answer: Answer, attempt: int) -> Outcome:
    """What follows attempt number ``attempt`` (1 for the first): 2xx delivered; 410 gone (the endpoint is
    disabled); 408, 429, 5xx and no answer retried while attempts remain; other 4xx retried only as the spec's
    retry table says; anything else failed."""
    status = answer.status
    if status is not None and 200 <= status < 300:
        return "delivered"
    if status == 410:
        return "gone"
    if attempt >= max_attempts(status):
        return "failed"
    return "retry"


def max_attempts(status: int | None) -> int:
    """Attempts allowed for a delivery that got ``status``."""
    if status is None or status in (408, 429) or status >= 500:
        return policy.MAX_ATTEMPTS
    if status in policy.RETRIED_CLIENT_ERRORS:
        return min(policy.MAX_ATTEMPTS, 1 + policy.RETRIED_CLIENT_ERRORS[status])
    return 1


def retry_delay(attempt: int, answer: Answer, scale: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after attempt ``attempt`` failed: the receiver's Retry-After when it sent one, else
    the spec's delay for that retry moved by the jitter; at most the spec's maximum delay; times ``scale``."""
    if answer.retry_after is not None:
        return min(answer.retry_after, policy.MAX_DELAY_SECONDS) * scale
    delays = policy.RETRY_DELAYS or [policy.MAX_DELAY_SECONDS]
    base = delays[min(attempt, len(delays)) - 1]
    spread = (rng or random).uniform(-policy.JITTER, policy.JITTER)
    return min(base * (1 + spread), policy.MAX_DELAY_SECONDS) * scale


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP date (RFC 9110 section 10.2.3)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))
