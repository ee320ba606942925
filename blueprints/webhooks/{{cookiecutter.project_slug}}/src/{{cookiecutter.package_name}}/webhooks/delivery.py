"""Sending one attempt of a delivery: the body, signed afresh (a new timestamp every attempt), with the
endpoint's custom headers, POSTed within the spec's timeout through the SSRF guard; redirects not followed."""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from {{ cookiecutter.package_name }} import __version__
from {{ cookiecutter.package_name }}.webhooks.queue import AttemptResult, Job
from {{ cookiecutter.package_name }}.webhooks.schedule import Answer, parse_retry_after
from {{ cookiecutter.package_name }}.webhooks.signing import signature_headers
from {{ cookiecutter.package_name }}.webhooks.ssrf import GuardedResolver, TargetRefusedError, check_url

USER_AGENT = f"{{ cookiecutter.project_slug }}-webhooks/{__version__}"
EXCERPT_BYTES = 1024


@asynccontextmanager
async def http_session(allow_private: bool, connections: int) -> AsyncIterator[aiohttp.ClientSession]:
    """The client every delivery of a worker goes through: addresses checked as they are resolved, no
    proxies from the environment, no cookies kept between receivers."""
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(allow_private), limit=connections, use_dns_cache=False)
    async with aiohttp.ClientSession(
        connector=connector, trust_env=False, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False
    ) as session:
        yield session


def request_headers(job: Job, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        **job.headers,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **signature_headers(job.secrets, job.message_id, timestamp, body),
    }


async def send(http: aiohttp.ClientSession, job: Job, allow_private: bool, timeout: float) -> AttemptResult:
    """One attempt; never raises for what the network or the receiver does."""
    body = job.body()
    started_at = time.time()
    clock = time.perf_counter()

    def result(answer: Answer, excerpt: str | None = None, error: str | None = None, refused: bool = False) -> AttemptResult:
        return AttemptResult(answer, started_at, (time.perf_counter() - clock) * 1000, excerpt, error, refused)

    try:
        check_url(job.url, allow_private)
        async with http.post(
            job.url,
            data=body,
            headers=request_headers(job, body, int(started_at)),
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            excerpt = await response.content.read(EXCERPT_BYTES)
            answer = Answer(response.status, parse_retry_after(response.headers.get("Retry-After")))
            return result(answer, excerpt=excerpt.decode("utf-8", errors="replace"))
    except TargetRefusedError as exc:
        return result(Answer(None), error=str(exc), refused=True)
    except aiohttp.ClientConnectorError as exc:
        refused = isinstance(exc.os_error, TargetRefusedError)
        return result(Answer(None), error=str(exc.os_error) if refused else describe(exc), refused=refused)
    except TimeoutError:
        return result(Answer(None), error=f"no answer within {timeout:g} s")
    except aiohttp.ClientError as exc:
        return result(Answer(None), error=describe(exc))


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
