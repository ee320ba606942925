"""Settings every test runs with unless it sets its own, each with the blueprint that needs it."""

from typing import Any

TEST_SETTINGS: dict[str, Any] = {
    "webhook_worker_in_process": False,  # webhooks: tests deliver explicitly; the tests of the in-process worker turn it on
    "webhook_allow_private_targets": True,  # webhooks: the tests' receivers listen on 127.0.0.1; the SSRF tests turn it off
    "webhook_schedule_scale": 0.001,  # webhooks: retries a thousand times sooner, so retry tests take milliseconds
}
