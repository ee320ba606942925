{%- set limits = cookiecutter._intspec.view.limits -%}
{%- set applied = limits | rejectattr("named") | list -%}
{%- set named = limits | selectattr("named") | list -%}
"""The spec's rate limits: the buckets' arithmetic, 429s with their headers over HTTP, and one limit shared by
two API processes through Redis."""

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api.rate_limits import LIMITS, Caller, Limit, counts{% if named %}, rate_limit{% endif %}
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.rate_limit import Bucket, MemoryBuckets, RedisBuckets
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.services.api_keys import KEY_PREFIX

SOURCE = Path(__file__).resolve().parents[1] / "src"  # importable by the servers, installed or not
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CREDENTIALS = {"anonymous": None, "api_key": KEY_PREFIX + "not-a-real-key", "access_token": "not-a-real-token"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_lets_its_capacity_through_then_refills_at_its_rate() -> None:
    clock = Clock()
    buckets = MemoryBuckets(clock=clock)
    bucket = Bucket(capacity=3, period=60.0)  # 3 a minute: one token every 20 s
    assert [buckets.take_now("k", bucket).allowed for _ in range(4)] == [True, True, True, False]
    refused = buckets.take_now("k", bucket)
    assert (refused.remaining, round(refused.retry_after), round(refused.reset)) == (0, 20, 60)
    clock.now += 20
    assert buckets.take_now("k", bucket).allowed
    assert not buckets.take_now("k", bucket).allowed
    assert buckets.take_now("other", bucket).allowed  # each key its own bucket


def test_full_buckets_are_forgotten() -> None:
    clock = Clock()
    buckets = MemoryBuckets(clock=clock, prune_every=2)
    buckets.take_now("a", Bucket(capacity=2, period=1.0))
    clock.now += 5
    buckets.take_now("b", Bucket(capacity=2, period=1.0))
    assert set(buckets.state) == {"b"}


def headers_for(credential: str) -> dict[str, str]:
    token = CREDENTIALS[credential]
    return {"Authorization": f"Bearer {token}"} if token else {}


def applying(credential: str, path: str = "/api/v1/nothing-here") -> list[Limit]:
    caller = Caller(key="k", credential=credential)  # type: ignore[arg-type]
    return [limit for limit in LIMITS if not limit.named and counts(limit, caller) and limit.covers(path)]


def scaled(settings: Settings, smallest: int, allowed: int) -> Settings:
    """Settings whose smallest bucket holds `allowed` requests."""
    return settings.model_copy(update={"rate_limit_scale": allowed / smallest, "rate_limits_enabled": True})
{% if applied %}

@pytest.mark.parametrize("credential", [c for c in CREDENTIALS if applying(c)])
def test_a_burst_over_the_limit_is_refused_with_429_and_retry_after(migrated: Settings, credential: str) -> None:
    limits = applying(credential)
    settings = scaled(migrated, min(limit.count for limit in limits), 4)
    with TestClient(create_app(settings)) as client:
        answers = [client.get("/api/v1/nothing-here", headers=headers_for(credential)) for _ in range(5)]
    assert [answer.status_code == 429 for answer in answers] == [False] * 4 + [True]
    remaining = [int(answer.headers["X-RateLimit-Remaining"]) for answer in answers]
    assert remaining == [3, 2, 1, 0, 0]
    refused = answers[-1]
    assert int(refused.headers["Retry-After"]) >= 1
    assert int(refused.headers["X-RateLimit-Limit"]) == 4
    assert int(refused.headers["X-RateLimit-Reset"]) >= int(refused.headers["Retry-After"])
    assert "rate_limited" in refused.text and "X-Request-ID" in refused.headers


def test_monitoring_and_disabled_limits_are_not_counted(migrated: Settings) -> None:
    credential = next(c for c in CREDENTIALS if applying(c))
    settings = scaled(migrated, min(limit.count for limit in applying(credential)), 1)
    with TestClient(create_app(settings)) as client:
        assert all(client.get("/health", headers=headers_for(credential)).status_code != 429 for _ in range(3))
    off = settings.model_copy(update={"rate_limits_enabled": False})
    with TestClient(create_app(off)) as client:
        assert all(client.get("/api/v1/x", headers=headers_for(credential)).status_code != 429 for _ in range(3))


def test_each_caller_has_its_own_buckets(migrated: Settings) -> None:
    credential = next(c for c in CREDENTIALS if applying(c))
    settings = scaled(migrated, min(limit.count for limit in applying(credential)), 1)
    app = create_app(settings)
    token = CREDENTIALS[credential]
    # two callers: two credentials of the same kind, or (without one) two addresses
    first, second = (
        ({"Authorization": f"Bearer {token}-a"}, {"Authorization": f"Bearer {token}-b"}) if token else ({}, {})
    )
    with TestClient(app, client=("192.0.2.1", 5000)) as one, TestClient(app, client=("192.0.2.2", 5000)) as two:
        assert one.get("/api/v1/x", headers=first).status_code != 429
        assert two.get("/api/v1/x", headers=second).status_code != 429
        assert one.get("/api/v1/x", headers=first).status_code == 429
{%- endif %}
{%- if named %}


@pytest.mark.parametrize("name", {{ named | map(attribute="name") | list | py }})
def test_a_named_limit_applies_where_a_route_asks_for_it(migrated: Settings, name: str) -> None:
    limit = next(limit for limit in LIMITS if limit.name == name)
    settings = scaled(migrated, limit.count, 2)
    app = create_app(settings)

    @app.get("/test-only/limited", dependencies=[rate_limit(name)])
    def limited() -> dict[str, str]:
        return {"ok": "yes"}

    credential = "api_key" if limit.credential == "api_key" else "access_token"
    with TestClient(app) as client:
        codes = [client.get("/test-only/limited", headers=headers_for(credential)).status_code for _ in range(3)]
    assert codes[-1] == 429 and codes[0] == 200


def test_an_unknown_limit_name_is_refused_at_import_time() -> None:
    with pytest.raises(ValueError, match="no limit named"):
        rate_limit("no_such_limit")
{%- endif %}


# --- Redis: one bucket for every process -------------------------------------------------------------


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_available() and not os.environ.get("REQUIRE_REDIS"),
    reason="no Redis at 127.0.0.1:6379 (set REQUIRE_REDIS=1 to make this a failure)",
)


@needs_redis
def test_redis_buckets_take_atomically_on_redis_time() -> None:
    async def run() -> list[bool]:
        buckets = RedisBuckets(REDIS_URL, f"test:{uuid.uuid4()}")
        try:
            bucket = Bucket(capacity=5, period=3600.0)
            decisions = await asyncio.gather(*(buckets.take("k", bucket) for _ in range(8)))
            return [decision.allowed for decision in decisions]
        finally:
            await buckets.close()

    assert sorted(asyncio.run(run())) == [False] * 3 + [True] * 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# The caller the two servers' test sends as: the first kind some limit counts.
SHARED = next((credential for credential in CREDENTIALS if applying(credential)), "")


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[list[str]]:
    """Two API processes of this service on one Redis and one database."""
    smallest = min(limit.count for limit in applying(SHARED))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
        "REDIS_URL": REDIS_URL,
        "RATE_LIMIT_NAMESPACE": f"test:{uuid.uuid4()}",
        "RATE_LIMIT_SCALE": str(6 / smallest),
        "RATE_LIMITS_ENABLED": "true",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    subprocess.run([sys.executable, "-m", "{{ cookiecutter.package_name }}", "db", "upgrade"], env=env, check=True)
    ports = [free_port(), free_port()]
    command = [sys.executable, "-m", "uvicorn", "{{ cookiecutter.package_name }}.main:app", "--host", "127.0.0.1"]
    servers = [subprocess.Popen([*command, "--port", str(port)], env=env) for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until_up(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code in (200, 503):
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not start")


@needs_redis
@pytest.mark.skipif(SHARED == "", reason="the spec states no limit for every request")
def test_two_api_processes_share_one_limit_through_redis(two_servers: list[str]) -> None:
    clients = [httpx.Client(base_url=url, headers=headers_for(SHARED)) for url in two_servers]
    for client in clients:
        client.get("/health")  # connected before the clock matters: the buckets refill while we wait
    answers = [(attempt % 2, clients[attempt % 2].get("/api/v1/nothing-here")) for attempt in range(12)]
    for client in clients:
        client.close()
    allowed = [server for server, answer in answers if answer.status_code != 429]
    refused = {server for server, answer in answers if answer.status_code == 429}
    # the smallest bucket holds 6: one bucket lets about 6 through (a token may refill meanwhile), one per
    # process would let all 12 through
    assert 6 <= len(allowed) <= 7
    assert refused == {0, 1}
