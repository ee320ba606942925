"""Request IDs, and the last line of defence for errors.

Every request gets an ID (or keeps a well-formed one the caller sent in X-Request-ID); every response and
log line carries it. An exception no route handled becomes a 500 in the spec's error format here, inside
the request's context, so even that response names its request ID.
"""

import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pocket_ledger.core.errors import error_response
from pocket_ledger.core.request_context import new_request_id, reset_request_id, set_request_id

REQUEST_ID_HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
logger = logging.getLogger(__name__)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1")
        request_id = given if _VALID.match(given) else new_request_id()
        token = set_request_id(request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            if started:
                raise
            logger.exception("unhandled error", extra={"path": scope.get("path")})
            response = error_response(500, "api_error", "internal_error", "Something went wrong on our side.")
            await response(scope, receive, send_with_id)
        finally:
            reset_request_id(token)
