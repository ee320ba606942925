"""Authlib's server, adapted to Starlette: our integration, as `authlib.integrations.flask_oauth2` is Flask's.

Authlib's server code is synchronous, and Starlette reads request bodies asynchronously. So an async
dependency (`read_authorization_request`, `read_endpoint_request`) reads the request into an `HttpRequest`
first; the routes that hand it to Authlib are plain `def` routes, which FastAPI runs in its thread pool.
The authorization endpoint takes its OAuth parameters from the query (the sign-in form posts back to the
same URL); the token, revocation and introspection endpoints from the form body only (RFC 6749 section 3.2).

Authlib refuses a request over plain http to anything but a loopback address (`InsecureTransportError`,
RFC 6749 section 3.1) while it reads the request, before its own error handling; the adapter turns that into
the RFC's `invalid_request`, which the routes answer like any other OAuth error.
"""

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from authlib.oauth2 import AuthorizationServer as AuthlibAuthorizationServer
from authlib.oauth2.rfc6749 import InsecureTransportError, InvalidRequestError, OAuth2Payload, OAuth2Request
from fastapi import Request, Response
from starlette.datastructures import Headers, ImmutableMultiDict

logger = logging.getLogger(__name__)

PLAIN_HTTP = "OAuth 2.0 requires https; plain http is accepted only on a loopback address."


@dataclass(frozen=True)
class HttpRequest:
    """What Authlib needs of a request, read ahead of it: `params` are the OAuth parameters."""

    method: str
    url: str
    headers: Headers
    cookies: dict[str, str]
    params: ImmutableMultiDict[str, str]
    form: ImmutableMultiDict[str, str]


async def read_form(request: Request) -> ImmutableMultiDict[str, str]:
    if request.method != "POST":
        return ImmutableMultiDict()
    form = await request.form()
    return ImmutableMultiDict([(key, value) for key, value in form.multi_items() if isinstance(value, str)])


async def read_authorization_request(request: Request) -> HttpRequest:
    form = await read_form(request)
    query = ImmutableMultiDict(request.query_params)
    return HttpRequest(request.method, str(request.url), request.headers, request.cookies, query, form)


async def read_endpoint_request(request: Request) -> HttpRequest:
    form = await read_form(request)
    return HttpRequest(request.method, str(request.url), request.headers, request.cookies, form, form)


class Payload(OAuth2Payload):
    def __init__(self, params: ImmutableMultiDict[str, str]) -> None:
        self._params = params

    @property
    def data(self) -> dict[str, str]:
        return dict(self._params.items())

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        values: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in self._params.multi_items():
            values[key].append(value)
        return values


class StarletteOAuth2Request(OAuth2Request):
    def __init__(self, request: HttpRequest) -> None:
        super().__init__(method=request.method, uri=request.url, headers=request.headers)
        self._request = request
        self.payload = Payload(request.params)

    @property
    def args(self) -> dict[str, str]:
        return dict(self._request.params.items())

    @property
    def form(self) -> dict[str, str]:
        return dict(self._request.form.items())


class StarletteAuthorizationServer(AuthlibAuthorizationServer):
    """The framework half of an Authlib server: requests in, responses out, signals to the log."""

    def create_oauth2_request(self, request: HttpRequest | OAuth2Request) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        try:
            return StarletteOAuth2Request(request)
        except InsecureTransportError:
            raise InvalidRequestError(PLAIN_HTTP) from None

    def handle_response(self, status_code: int, payload: Any, headers: Iterable[tuple[str, str]]) -> Response:
        body = json.dumps(payload) if isinstance(payload, dict) else payload
        response = Response(body, status_code=status_code)
        for name, value in headers:
            response.headers[name] = value
        return response

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        client = kwargs.get("client")
        logger.info("oauth %s", name.replace("_", " "), extra={"client_id": getattr(client, "client_id", None)})
