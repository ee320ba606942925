{%- set verifiers = cookiecutter._intspec.contributions.token_verifiers -%}
{%- set ns = namespace(imports=[["core.config", "Settings"], ["core.db", "Database"], ["core.errors", "ApiError"], ["core.scopes", "unknown_scopes"], ["core.security", "Principal"], ["services.api_keys", "verify_api_key"]]) -%}
{%- for verifier in verifiers %}{% set ns.imports = ns.imports + [[verifier.module, verifier.function]] %}{% endfor -%}
"""Who is calling, and may they: `require_scopes(...)` guards a route, `PrincipalDep` names the caller.

Callers send `Authorization: Bearer <credential>`. Each verifier below is asked in turn whether the
credential is one of its own; the first that knows it decides. No credential, or one nobody knows, is a 401;
a credential without every scope the route needs is a 403. Both carry `WWW-Authenticate` (RFC 6750 section 3)
and the spec's error format.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes
from sqlalchemy.orm import Session

{{ ns.imports | import_lines(cookiecutter.package_name) }}

__all__ = ["Principal", "current_principal", "require_scopes"]

Verifier = Callable[[Session, str, Settings], Principal | None]
VERIFIERS: tuple[Verifier, ...] = (
    verify_api_key,
{%- for verifier in verifiers %}
    {{ verifier.function }},  # {{ verifier.name }}, from the {{ verifier.blueprint }} blueprint
{%- endfor %}
)

bearer = HTTPBearer(auto_error=False, description="An API key or an OAuth access token.")


def authenticate(database: Database, settings: Settings, token: str) -> Principal | None:
    with database.session() as session:
        for verify in VERIFIERS:
            principal = verify(session, token, settings)
            if principal is not None:
                return principal
    return None


def challenge(error: str | None = None, scopes: list[str] | None = None) -> str:
    """The `WWW-Authenticate` value of a refusal."""
    params = [f'error="{error}"'] if error else []
    if scopes:
        params.append(f'scope="{" ".join(scopes)}"')
    return "Bearer" + (" " + ", ".join(params) if params else "")


def current_principal(
    security_scopes: SecurityScopes,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise ApiError(
            401,
            "missing_credentials",
            "Send an API key or an access token as 'Authorization: Bearer <credential>'.",
            error_type="authentication_error",
            headers={"WWW-Authenticate": challenge()},
        )
    principal = authenticate(request.app.state.db, request.app.state.settings, credentials.credentials)
    if principal is None:
        raise ApiError(
            401,
            "invalid_token",
            "The credential is unknown, expired or revoked.",
            error_type="authentication_error",
            headers={"WWW-Authenticate": challenge("invalid_token")},
        )
    missing = [scope for scope in security_scopes.scopes if scope not in principal.scopes]
    if missing:
        raise ApiError(
            403,
            "insufficient_scope",
            f"This needs the scope(s): {' '.join(missing)}.",
            error_type="permission_error",
            headers={"WWW-Authenticate": challenge("insufficient_scope", security_scopes.scopes)},
        )
    return principal


def require_scopes(*scopes: str) -> Any:
    """A route dependency admitting callers whose credential carries every one of ``scopes``:
    ``@router.get("/things", dependencies=[require_scopes("things:read")])``, or
    ``principal: Annotated[Principal, require_scopes("things:read")]`` to know who they are."""
    unknown = unknown_scopes(list(scopes))
    if unknown:
        raise ValueError(f"require_scopes: {', '.join(unknown)} not in the scope catalog (core/scopes.py)")
    return Security(current_principal, scopes=list(scopes))
