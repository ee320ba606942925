"""Telling an operator that an endpoint is in trouble: after the spec's number of failed attempts in a row,
and when an endpoint is disabled for failing too long (or for answering 410 Gone).

The default `LogNotifier` writes one structured warning per alert (JSON lines carry its fields:
`webhook_alert`, `endpoint_id`, `url`, `consecutive_failures`, `failing_since`, `reason`). Another channel
(email through a connector, a pager) plugs in with `use_notifier(...)` at start-up: any object with the two
methods of `Notifier`. A notifier that raises is logged and does not stop delivery.
"""

import logging
from dataclasses import asdict, dataclass
from typing import Literal, Protocol

logger = logging.getLogger(__name__)

AlertKind = Literal["endpoint_failing", "endpoint_disabled"]


@dataclass(frozen=True)
class EndpointAlert:
    """What an operator needs to act on a failing endpoint."""

    kind: AlertKind
    endpoint_id: str
    url: str
    consecutive_failures: int
    failing_since: float | None  # seconds since the epoch: the first failed attempt after the last success
    last_status_code: int | None
    last_error: str | None
    reason: str


class Notifier(Protocol):
    def endpoint_failing(self, alert: EndpointAlert) -> None: ...

    def endpoint_disabled(self, alert: EndpointAlert) -> None: ...


class LogNotifier:
    """Alerts as warnings of the `<package>.webhooks.notify` logger, with the alert's fields as extras."""

    def endpoint_failing(self, alert: EndpointAlert) -> None:
        self.write(alert)

    def endpoint_disabled(self, alert: EndpointAlert) -> None:
        self.write(alert)

    def write(self, alert: EndpointAlert) -> None:
        fields = asdict(alert)
        kind = fields.pop("kind")
        logger.warning("webhook alert %s: endpoint %s: %s", kind, alert.endpoint_id, alert.reason,
                       extra={"webhook_alert": kind, **fields})


_current: list[Notifier] = [LogNotifier()]


def notifier() -> Notifier:
    return _current[0]


def use_notifier(chosen: Notifier) -> Notifier:
    """Send alerts to ``chosen`` from now on; returns the notifier it replaces."""
    previous = _current[0]
    _current[0] = chosen
    return previous


def send_alert(alert: EndpointAlert) -> None:
    try:
        if alert.kind == "endpoint_failing":
            notifier().endpoint_failing(alert)
        else:
            notifier().endpoint_disabled(alert)
    except Exception:
        logger.exception("the webhook notifier failed on %s for endpoint %s", alert.kind, alert.endpoint_id)
