"""Every error the API returns has the spec's Error Response Format (pocket-ledger-minimal.md:146).

Validation errors and unknown routes included: the handlers below turn each into `error_body(...)`, which
carries the request ID so a report can be traced to its log lines. Unexpected failures become a 500 of the
same shape in `core.middleware`.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from pocket_ledger.core.request_context import current_request_id

# The object the spec's example wraps its members in ("error": {...}); None when they are top-level.
ENVELOPE: str | None = "error"
# Each member the service fills, with the name the spec gives it, in the spec's order.
MEMBERS: list[tuple[str, str]] = [
    ("type", "type"),
    ("code", "code"),
    ("message", "message"),
    ("field", "field"),
    ("request_id", "request_id"),
]
DOCUMENTATION_URL: str | None = None


class ErrorDetail(BaseModel):
    """The members of an error, under the names the spec gives them (for the OpenAPI document)."""

    model_config = ConfigDict(populate_by_name=True)

    type: str
    code: str
    message: str
    field: str | None = None
    request_id: str | None = None


class ErrorResponse(BaseModel):
    """An error response body: the spec's Error Response Format."""

    model_config = ConfigDict(populate_by_name=True)

    error: ErrorDetail = Field(alias="error")


STATUS_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "bad_request"),
    401: ("authentication_error", "unauthorized"),
    403: ("permission_error", "forbidden"),
    404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"),
    409: ("invalid_request_error", "conflict"),
    429: ("rate_limit_error", "rate_limited"),
}


class ApiError(Exception):
    """Raise in a route to answer with the spec's error format."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.error_type = error_type
        self.field = field
        self.headers = headers


def error_body(*, status: int, error_type: str, code: str, message: str, field: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "type": error_type,
        "code": code,
        "message": message,
        "field": field,
        "request_id": current_request_id(),
        "documentation": DOCUMENTATION_URL.format(code=code) if DOCUMENTATION_URL else None,
        "status": status,
    }
    body = {key: values[role] for role, key in MEMBERS}
    return {ENVELOPE: body} if ENVELOPE else body


def error_response(
    status: int,
    error_type: str,
    code: str,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = error_body(status=status, error_type=error_type, code=code, message=message, field=field)
    return JSONResponse(status_code=status, content=body, headers=headers)


async def handle_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.error_type, exc.code, exc.message, exc.field, exc.headers)


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    error_type, code = STATUS_ERRORS.get(exc.status_code, ("api_error", "http_error"))
    message = exc.detail if isinstance(exc.detail, str) else "The request could not be served."
    return error_response(exc.status_code, error_type, code, message, headers=exc.headers)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "header")]
    missing = first.get("type") == "missing"
    code = "missing_required_field" if missing else "invalid_field"
    field = ".".join(location) or None
    message = f"The '{field}' field is required" if missing and field else str(first.get("msg", "Invalid request"))
    return error_response(422, "validation_error", code, message, field)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
