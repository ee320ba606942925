"""The webhook health page's plumbing: who may see it, its CSRF tokens, and its HTML (Jinja2, autoescaped,
from `webhooks/templates/`; no script, no asset from elsewhere).

Operators send `Authorization: Bearer <credential>` with the management scope, or, in a browser, enter an API
key once on the page's sign-in form: it is kept in the `webhook_dashboard` cookie (HttpOnly, SameSite=Strict,
scoped to /dashboard, Secure over https) and checked again on every request, so revoking the key ends the
session. Every form that changes something carries a token bound to that credential (an HMAC of it), and a
POST is also refused when the browser says it came from another site (`Origin`, `Sec-Fetch-Site`).
"""

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from pocket_ledger.api.auth import authenticate
from pocket_ledger.core.security import Principal

PATH = "/dashboard/webhooks"
COOKIE = "webhook_dashboard"
CSRF_FIELD = "csrf_token"
SESSION_SECONDS = 8 * 3600
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    # Not no-referrer: under it browsers send `Origin: null` with the page's forms, which same_site() refuses.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def when(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


templates = Environment(
    loader=PackageLoader("pocket_ledger", "webhooks/templates"),
    autoescape=select_autoescape(["html"]),
    auto_reload=False,
)
templates.filters["when"] = when


def credential_of(request: Request) -> str | None:
    """The caller's credential: the Authorization header's bearer token, else the dashboard cookie's."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(COOKIE) or None


def operator(request: Request, scope: str) -> tuple[str, Principal] | None:
    """The credential and who it is, when it is valid and carries ``scope``."""
    credential = credential_of(request)
    if credential is None:
        return None
    principal = authenticate(request.app.state.db, request.app.state.settings, credential)
    if principal is None or scope not in principal.scopes:
        return None
    return credential, principal


def csrf_token(credential: str) -> str:
    """The forms' token: bound to the credential, so another site can neither read nor forge it."""
    return hmac.new(credential.encode(), b"webhook-dashboard-csrf", hashlib.sha256).hexdigest()


def csrf_valid(credential: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(csrf_token(credential), str(sent))


def same_site(request: Request) -> bool:
    """False when the browser says the POST comes from another origin (`Sec-Fetch-Site`, `Origin`)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


def set_session(response: Response, request: Request, credential: str) -> None:
    response.set_cookie(
        COOKIE,
        credential,
        path="/dashboard",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
        max_age=SESSION_SECONDS,
    )


def end_session(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path="/dashboard", secure=request.url.scheme == "https", httponly=True, samesite="strict")


def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(path=PATH, csrf_field=CSRF_FIELD, **context)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
