"""Which HTTP client delivers webhooks fastest: a bare signed-POST loop to a local uvicorn receiver.

Each client sends the same signed JSON body (Standard Webhooks headers, HMAC-SHA256 computed per request)
for a few seconds, with 1 and with 16 requests in flight, over one keep-alive connection pool, and the
figures are printed side by side. The receiver is a minimal ASGI app answering 204, served by uvicorn in a
subprocess so that it does not share the client's event loop or interpreter lock.

    python bench/webhook_clients.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import closing

RECEIVER = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})
"""

KEY = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
BODY = json.dumps({"id": "evt_1", "type": "invoice.paid", "data": {"amount": 1200, "currency": "usd"}}).encode()

Post = Callable[[str, bytes, dict[str, str]], Awaitable[int]]


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def signed_headers(number: int) -> dict[str, str]:
    timestamp = str(int(time.time()))
    message_id = f"msg_{number}"
    digest = hmac.new(KEY, f"{message_id}.{timestamp}.".encode() + BODY, hashlib.sha256).digest()
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }


async def post_loop(post: Post, url: str, in_flight: int, seconds: float) -> float:
    """Requests per second: ``in_flight`` tasks each posting until ``seconds`` have passed."""
    deadline = time.perf_counter() + seconds
    counts = [0] * in_flight

    async def one_lane(lane: int) -> None:
        while time.perf_counter() < deadline:
            status = await post(url, BODY, signed_headers(counts[lane]))
            assert status == 204, status
            counts[lane] += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_lane(lane) for lane in range(in_flight)))
    return sum(counts) / (time.perf_counter() - started)


async def measure_aiohttp(url: str, in_flight: int, seconds: float) -> float:
    import aiohttp

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=in_flight)) as session:

        async def post(target: str, body: bytes, headers: dict[str, str]) -> int:
            async with session.post(target, data=body, headers=headers, allow_redirects=False) as response:
                await response.read()
                return response.status

        return await post_loop(post, url, in_flight, seconds)


async def measure_httpx_module(module_name: str, url: str, in_flight: int, seconds: float) -> float:
    module = __import__(module_name)
    limits = module.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with module.AsyncClient(limits=limits, follow_redirects=False) as client:

        async def post(target: str, body: bytes, headers: dict[str, str]) -> int:
            response = await client.post(target, content=body, headers=headers)
            return int(response.status_code)

        return await post_loop(post, url, in_flight, seconds)


def start_receiver(port: int) -> subprocess.Popen[bytes]:
    code = RECEIVER + f"\nimport uvicorn\nuvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')\n"
    process = subprocess.Popen([sys.executable, "-c", code])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the receiver did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    port = free_port()
    receiver = start_receiver(port)
    url = f"http://127.0.0.1:{port}/hook"
    clients: dict[str, Callable[[str, int, float], Awaitable[float]]] = {
        "aiohttp": measure_aiohttp,
        "httpx2": lambda u, n, s: measure_httpx_module("httpx2", u, n, s),
        "httpx": lambda u, n, s: measure_httpx_module("httpx", u, n, s),
    }
    try:
        print(f"{'client':<10}{'1 in flight':>14}{'16 in flight':>14}   (signed POSTs/s, {args.seconds:g} s each)")
        for name, measure in clients.items():
            single = asyncio.run(measure(url, 1, args.seconds))
            sixteen = asyncio.run(measure(url, 16, args.seconds))
            print(f"{name:<10}{single:>14,.0f}{sixteen:>14,.0f}")
    finally:
        receiver.terminate()
        receiver.wait()


if __name__ == "__main__":
    main()
