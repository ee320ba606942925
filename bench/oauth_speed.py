"""The generated authorization server's speed, as ratios measured side by side in one run.

1. Client-credentials tokens a second beside the same app's `GET /health` requests a second: one server
   process, one HTTP client with keep-alive, the kinds of request interleaved one request at a time, each
   kind's median time. Target: >= 0.5x. (Interleaving single requests and taking medians keeps a busy
   machine's bursts from landing on one kind: best rounds of 200 requests each swung 0.44-0.62x between
   runs of the same code on this 2-core machine.)
2. What `require_scopes(...)` adds to a route: the same trivial route, unprotected and protected, called with
   an API key and with an access token, as a ratio of the time per request.

    .venv/bin/python bench/oauth_speed.py [--spec spec_inputs/harbor-freight.md] [--requests 200] [--rounds 5]

A token's signature is the spec's choice: harbor-freight.md asks for ES256 JWTs. RSA signing costs several
times as much, so when the document names ES256 the bench also measures the same document asking for RS256
(the word replaced before scaffolding), and prints both.

The project is scaffolded from the spec into a temporary folder and served by uvicorn from this environment
(which has every generated project's dependencies: `pip install -e '.[dev]'`). Rate limits are turned off:
they would measure the 429 path.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

WRAPPER = '''"""The generated app with two routes for the benchmark: the same answer, unprotected and protected."""

from {package}.api.auth import require_scopes
from {package}.main import create_app

app = create_app()


@app.get("/bench/open")
def bench_open() -> dict[str, bool]:
    return {{"ok": True}}


@app.get("/bench/protected", dependencies=[require_scopes({scope!r})])
def bench_protected() -> dict[str, bool]:
    return {{"ok": True}}
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec_inputs" / "harbor-freight.md")
    parser.add_argument("--requests", type=int, default=200, help="requests of each kind per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    text = args.spec.read_text(encoding="utf-8")
    variants = {f"{args.spec.name}, as written": text}
    if "ES256" in text:
        variants[f"{args.spec.name}, asking for RS256"] = text.replace("ES256", "RS256")
    for title, document in variants.items():
        print(f"== {title}")
        with tempfile.TemporaryDirectory(prefix="intspec-oauth-bench-") as scratch:
            spec = Path(scratch) / args.spec.name
            spec.write_text(document, encoding="utf-8")
            run(spec, Path(scratch), args.requests, args.rounds)
        print()


def run(spec: Path, scratch: Path, requests: int, rounds: int) -> None:
    project = scratch / "project"
    subprocess.run([BIN / "intspec", "scaffold", spec, "-o", project, "--quiet"], check=True)
    package = next(path.name for path in (project / "src").iterdir() if path.is_dir())
    env = environment(project, scratch)
    cli = [sys.executable, "-m", package]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    scope = first_scope(cli, env)
    client = cli_json([*cli, "clients", "create", "--name", "bench", "--grant-type", "client_credentials",
                       "--scope", scope, "--json"], env)  # fmt: skip
    key = cli_json([*cli, "keys", "create", "--name", "bench", "--scope", scope, "--json"], env)["key"]
    (scratch / "bench_app.py").write_text(WRAPPER.format(package=package, scope=scope))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench_app:app", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=scratch,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            wait_until_up(http)
            report(http, client, key, scope, requests, rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)


def environment(project: Path, scratch: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(project / "src"), str(scratch)]),
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.db'}",
        "RATE_LIMITS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }


def first_scope(cli: list[str], env: dict[str, str]) -> str:
    found = subprocess.run(
        [*cli[:1], "-c", f"from {cli[2]}.core.scopes import SCOPES; print(next(iter(SCOPES)))"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip()


def cli_json(command: list[str], env: dict[str, str]) -> dict[str, str]:
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    found: dict[str, str] = json.loads(done.stdout)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(http: httpx.Client) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.get("/health")
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def report(http: httpx.Client, client: dict[str, str], key: str, scope: str, requests: int, rounds: int) -> None:
    auth = (client["client_id"], client["client_secret"])

    def token() -> httpx.Response:
        return http.post("/oauth/token", data={"grant_type": "client_credentials", "scope": scope}, auth=auth)

    access_token = token().json()["access_token"]
    kinds: dict[str, Callable[[], httpx.Response]] = {
        "token (client credentials)": token,
        "GET /health": lambda: http.get("/health"),
        "open route": lambda: http.get("/bench/open"),
        "protected, API key": lambda: http.get("/bench/protected", headers={"Authorization": f"Bearer {key}"}),
        "protected, access token": lambda: http.get(
            "/bench/protected", headers={"Authorization": f"Bearer {access_token}"}
        ),
    }
    for name, call in kinds.items():
        answer = call()
        if answer.status_code != 200:
            raise SystemExit(f"{name}: HTTP {answer.status_code}: {answer.text[:200]}")
    timings: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(rounds * requests):
        for name, call in kinds.items():  # interleaved request by request: every kind meets the same load
            started = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - started)
    typical = {name: statistics.median(times) for name, times in timings.items()}
    print(f"median of {rounds * requests} requests of each kind, interleaved one by one, one uvicorn process,")
    print("one keep-alive client\n")
    print(f"{'request':>26} {'ms':>8} {'per s':>8}")
    for name, seconds in typical.items():
        print(f"{name:>26} {seconds * 1000:8.2f} {1 / seconds:8.0f}")
    tokens_ratio = typical["GET /health"] / typical["token (client credentials)"]
    verdict = "met" if tokens_ratio >= 0.5 else "NOT met"
    print(f"\ntokens/s beside /health requests/s: {tokens_ratio:.2f}x (target >= 0.5x: {verdict})")
    for name in ("protected, API key", "protected, access token"):
        print(
            f"require_scopes cost, {name.split(', ')[1]}: {typical[name] / typical['open route']:.2f}x the open route's time"
        )


if __name__ == "__main__":
    main()
