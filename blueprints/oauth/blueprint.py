"""The oauth blueprint's logic: which grants the spec's flows become, how its tokens look, and what it refuses.

The implicit and password grants are never generated (RFC 9700 sections 2.1.2 and 2.4): a spec listing them
gets an ``oauth-grant-refused`` warning at the line. Flows the blueprint does not implement (device code, JWT
bearer, token exchange) get ``oauth-grant-unsupported``.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Diagnostic
from generator.model.schema import IntegrationSpec

REFUSED = {
    "implicit": "it puts access tokens in URLs (RFC 9700 section 2.1.2); "
    "clients use the authorization code grant with PKCE instead",
    "password": "it hands the user's password to the client (RFC 9700 section 2.4); "
    "clients use the authorization code grant with PKCE instead",
}
UNSUPPORTED = {"device_code", "jwt_bearer", "token_exchange"}
CODE_FLOWS = {"authorization_code", "pkce"}
# The key that signs JWT access tokens, by algorithm: joserfc's key class and what it generates.
SIGNING_KEYS = {"RS256": ("RSAKey", 2048), "ES256": ("ECKey", "P-256")}


def validate(spec: IntegrationSpec) -> list[Diagnostic]:
    """A warning at each flow the generated server will not offer."""
    found: list[Diagnostic] = []
    flows = spec.oauth.flows if spec.oauth else []
    for index, flow in enumerate(flows):
        line = spec.sources.get(f"oauth.flows.{index}") or spec.sources.get("oauth", 1)
        if flow in REFUSED:
            message = f"the {flow} grant is not generated: {REFUSED[flow]}"
            found.append(Diagnostic(line, "warning", "oauth-grant-refused", message))
        elif flow in UNSUPPORTED:
            message = (
                f"the oauth blueprint does not generate the {flow} grant; the service offers "
                f"{', '.join(grants(flows)) or 'no grant'}"
            )
            found.append(Diagnostic(line, "warning", "oauth-grant-unsupported", message))
    return found


def grants(flows: list[str]) -> list[str]:
    """The grant types served: the authorization code grant (always with PKCE available, and a refresh
    token grant beside it) and client credentials, as the spec lists them."""
    served = []
    if CODE_FLOWS & set(flows):
        served += ["authorization_code", "refresh_token"]
    if "client_credentials" in flows:
        served.append("client_credentials")
    return served


def signing(algorithm: str) -> dict[str, Any]:
    key_class, size = SIGNING_KEYS[algorithm]
    return {"jwt_algorithm": algorithm, "jwt_key_class": key_class, "jwt_key_size": size}


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """``grants``, ``jwt`` (access tokens are RFC 9068 JWTs) with the algorithm, key and audience that sign
    and address them, the lifetimes in whole seconds, the endpoint paths, and the issuer the spec names (for
    `.env.example`)."""
    oauth = spec.oauth
    if oauth is None:
        return {}
    tokens = oauth.tokens
    refresh = tokens.refresh_token_seconds
    return {
        "grants": grants(oauth.flows),
        "jwt": tokens.access_token_format == "jwt",
        **signing(tokens.access_token_algorithm or "RS256"),
        "audience": tokens.access_token_audience,
        "access_token_seconds": int(tokens.access_token_seconds),
        "refresh_token_seconds": int(refresh) if refresh is not None else None,
        "endpoints": oauth.endpoints.model_dump(),
        "issuer": oauth.issuer,
        "scope_count": len(oauth.scopes),
    }
