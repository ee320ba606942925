"""CSRF protection of the sign-in form: a double-submit token. The page sets a random token in a cookie
(HttpOnly, SameSite=Strict, scoped to the authorization path) and in a hidden field; a POST is accepted only
when the two are equal. Another site can make a browser post the form, but can neither read nor set the cookie."""

import hmac
import secrets

from fastapi import Response

COOKIE = "oauth_csrf"
FIELD = "csrf_token"


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_valid(cookie: str | None, field: str | None) -> bool:
    return bool(cookie) and bool(field) and hmac.compare_digest(str(cookie), str(field))


def set_csrf_cookie(response: Response, token: str, path: str, secure: bool) -> None:
    response.set_cookie(COOKIE, token, path=path, secure=secure, httponly=True, samesite="strict", max_age=3600)
