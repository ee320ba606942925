"""The identity_providers blueprint's logic: a settings stub for what each provider in the spec's Supported
Identity Providers table needs (a SAML metadata URL, an OAuth/OIDC client), named after the provider."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.errors import Diagnostic
from generator.model.schema import IdentityProvider, IntegrationSpec
from generator.naming import snake_case

# Words of the Protocol column and the settings each protocol needs.
SAML_WORDS = ("saml",)
OIDC_WORDS = ("oauth", "oidc", "openid")
SAML_SETTINGS = (("saml_metadata_url", "the IdP's SAML metadata URL"),)
OIDC_SETTINGS = (
    ("client_id", "the OAuth/OIDC client ID registered with the provider"),
    ("client_secret", "the OAuth/OIDC client secret"),
    ("discovery_url", "the provider's OpenID Connect discovery URL (.well-known/openid-configuration)"),
)


@dataclass
class Provider:
    name: str
    protocol: str
    configuration: str
    prefix: str
    line: int
    settings: list[tuple[str, str]]  # (setting name, what it holds)


def validate(spec: IntegrationSpec) -> list[Diagnostic]:
    return identity_providers(spec)[1]


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """``providers``: each row with the settings it needs (``_intspec.view``)."""
    return {"providers": [asdict(provider) for provider in identity_providers(spec)[0]]}


def contributions(spec: IntegrationSpec) -> dict[str, list[Any]]:
    """A setting for each thing each provider needs; their names come from the document, so computed."""
    settings: list[dict[str, Any]] = []
    for index, provider in enumerate(identity_providers(spec)[0]):
        for name, what in provider.settings:
            settings.append(
                {
                    "name": name,
                    "type": "str | None",
                    "default": None,
                    "description": f"{provider.name} ({provider.protocol}): {what}",
                    "example": "",
                    "spec": f"identity_providers.{index}",
                }
            )
    return {"settings": settings}


def identity_providers(spec: IntegrationSpec) -> tuple[list[Provider], list[Diagnostic]]:
    """Each row with its settings; a warning for a row whose settings would take another row's names (they
    get a number) and for a protocol that needs none intspec knows."""
    providers: list[Provider] = []
    found: list[Diagnostic] = []
    taken: dict[str, int] = {}
    for index, row in enumerate(spec.identity_providers):
        line = line_of(spec, f"identity_providers.{index}")
        prefix = unique_prefix(row.provider, taken)
        if prefix != snake_case(row.provider):
            found.append(
                Diagnostic(
                    line,
                    "warning",
                    "identity-provider",
                    f"identity provider {row.provider!r} would have the settings of the provider at line "
                    f"{taken[snake_case(row.provider)]}; this row's start with {prefix.upper()}_",
                )
            )
        settings = provider_settings(row, prefix)
        if not settings:
            found.append(
                Diagnostic(
                    line,
                    "warning",
                    "identity-provider",
                    f"identity provider {row.provider!r}: protocol {row.protocol!r} is neither SAML nor OAuth/OIDC; "
                    "the generated README lists it, without settings",
                )
            )
        taken[prefix] = line
        providers.append(Provider(row.provider, row.protocol, row.configuration, prefix, line, settings))
    return providers, found


def unique_prefix(name: str, taken: dict[str, int]) -> str:
    prefix = snake_case(name)
    number = 2
    while prefix in taken:
        prefix = f"{snake_case(name)}_{number}"
        number += 1
    return prefix


def provider_settings(row: IdentityProvider, prefix: str) -> list[tuple[str, str]]:
    protocol = row.protocol.lower()
    needed: list[tuple[str, str]] = []
    if any(word in protocol for word in SAML_WORDS):
        needed.extend(SAML_SETTINGS)
    if any(word in protocol for word in OIDC_WORDS):
        needed.extend(OIDC_SETTINGS)
    return [(f"{prefix}_{suffix}", what) for suffix, what in needed]


def line_of(spec: IntegrationSpec, key: str) -> int:
    return spec.sources.get(key) or spec.sources.get(key.rsplit(".", 1)[0]) or 1
