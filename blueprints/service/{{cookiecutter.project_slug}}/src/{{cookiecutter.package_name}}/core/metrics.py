{%- set extra = cookiecutter._intspec.contributions.metrics -%}
{%- set kinds = ["Counter", "Histogram"] + (extra | map(attribute="kind") | map("capitalize") | list) -%}
"""Prometheus metrics: request counts and latencies per route{% if extra %}, and those other blueprints declare{% endif %}, on a registry of the app's own."""

import time

from prometheus_client import CollectorRegistry, {{ kinds | unique | sort | join(", ") }}
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
{%- for metric in extra %}
        # from the {{ metric.blueprint }} blueprint
        self.{{ metric.name }} = {{ metric.kind | capitalize }}(
            {{ metric.name | py }}, {{ metric.help | py }}, {{ metric.labels | list | py }}, registry=self.registry
        )
{%- endfor %}


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
