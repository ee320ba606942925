"""Prometheus metrics: request counts and latencies per route, and those other blueprints declare, on a registry of the app's own."""

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests served.", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "Time to serve an HTTP request.", ["method", "route"], registry=self.registry
        )
        # from the webhooks blueprint
        self.webhook_queue_depth = Gauge(
            "webhook_queue_depth", "Webhook deliveries by status, counted in the database.", ["status"], registry=self.registry
        )
        # from the webhooks blueprint
        self.webhook_attempts = Counter(
            "webhook_attempts", "Webhook delivery attempts of this process, by outcome.", ["outcome"], registry=self.registry
        )
        # from the webhooks blueprint
        self.webhook_delivery_latency_seconds = Histogram(
            "webhook_delivery_latency_seconds", "Seconds from sending a webhook to its answer or timeout.", [], registry=self.registry
        )


def route_template(scope: Scope) -> str:
    """The route's path template (``/api/v1/things/{id}``), so that metrics do not explode per ID."""
    app = scope.get("app")
    partial = None
    for route in getattr(getattr(app, "router", None), "routes", []):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return str(getattr(route, "path", scope["path"]))
        if match is Match.PARTIAL and partial is None:  # the path matched, the method did not (405)
            partial = str(getattr(route, "path", scope["path"]))
    return partial or "unmatched"


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = route_template(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(time.perf_counter() - started)
