{%- set policy = cookiecutter._intspec.view.policy -%}
{%- set signature = policy.signature -%}
{%- macro cite(path) %}{% if path | spec_ref %}  # {{ path | spec_ref }}{% endif %}{% endmacro -%}
"""What the spec says about delivering webhooks, as values the engine reads (re-run intspec to change them)."""

from typing import Literal

# The wait before each retry, in seconds: retry n waits DELAYS[n - 1] (scaled by WEBHOOK_SCHEDULE_SCALE).
RETRY_DELAYS: list[float] = {{ policy.delays | py }}{{ cite("webhooks.retry") }}
# Attempts in all, the first included; after the last, the delivery goes to the dead-letter store.
MAX_ATTEMPTS = {{ policy.max_attempts | py }}{{ cite("webhooks.retry.max_attempts") }}
MAX_DELAY_SECONDS = {{ policy.max_delay_seconds | py }}{{ cite("webhooks.retry.max_delay_seconds") }}
# Each delay is moved by up to this fraction, either way, so that retries of many deliveries spread out.
JITTER = {{ policy.jitter | py }}
# How long a dead-lettered or delivered delivery is kept, with its attempts.
RETENTION_SECONDS = {{ policy.retention_seconds | py }}{{ cite("webhooks.failure") }}
# 4xx answers the spec's retry table retries (408 and 429 always are), with the attempts it allows.
RETRIED_CLIENT_ERRORS: dict[int, int] = {
{%- for status, attempts in policy.retried_4xx.items() %}
    {{ status | int }}: {{ attempts | py }},
{%- endfor %}
{%- if policy.retried_4xx %}
{% endif -%}
}

# The body's `api_version` for endpoints registered without one: the spec's configuration example's.
DEFAULT_API_VERSION: str | None = {{ policy.api_version | py }}{{ cite("webhooks.config_example.api_version") }}

# The spec's own signature, sent beside the Standard Webhooks headers.
SIGNATURE_HEADER = {{ signature.header | py }}{{ cite("webhooks.signature") }}
SIGNATURE_HASH = {{ signature.hash | py }}
SIGNATURE_ENCODING: Literal["hex", "base64"] = {{ signature.encoding | py }}
SIGNED_CONTENT: Literal["body", "timestamp.body"] = {{ signature.signed_content | py }}
SIGNATURE_FORMAT: Literal["plain", "t=timestamp,v1=signature", "sha256=signature"] = {{ signature.format | py }}
# The header carrying the timestamp the spec's signature covers, when the spec names one.
TIMESTAMP_HEADER: str | None = {{ signature.timestamp_header | py }}
# How old a delivery's timestamp may be when it is verified (replays are refused after this).
TIMESTAMP_TOLERANCE_SECONDS = {{ signature.tolerance_seconds | py }}
