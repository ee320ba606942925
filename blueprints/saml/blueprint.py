"""The saml blueprint's logic: the SAML service provider's routes and metadata, from the spec's SP metadata.

The spec's URLs are written for production (``https://app.example.com/saml/{org_id}``): the generated
service serves each URL's path, with ``{param}`` as a path parameter, under a base URL it reads from its
settings (the spec's scheme and host by default). A URL whose path cannot be a route, or that names a
parameter the metadata route does not have, is replaced by a default path with a ``saml-url`` warning.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator.errors import Diagnostic
from generator.model.schema import IntegrationSpec, Saml

BINDING_PREFIX = "urn:oasis:names:tc:SAML:2.0:bindings:"
BINDINGS = ("HTTP-POST", "HTTP-Redirect", "HTTP-Artifact", "SOAP", "PAOS")
DEFAULT_BINDING = BINDING_PREFIX + "HTTP-POST"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_ROOT = "/saml"

# A route path: segments of unreserved characters and {identifier} parameters.
_SEGMENT = r"(?:[A-Za-z0-9._~-]|\{[a-z_][a-z0-9_]*\})+"
_PATH = re.compile(rf"^(?:/{_SEGMENT})+$")
_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
RESERVED_PARAMETERS = ("settings", "values")  # other arguments of the metadata route
LABELS = {
    "saml.entity_id": "the entity ID",
    "saml.acs_url": "the AssertionConsumerService URL",
    "saml.slo_url": "the SingleLogoutService URL",
}


@dataclass
class ServiceProvider:
    """The SAML SP as the generated service serves it."""

    base_url: str
    entity_path: str | None  # None when the entity ID is not a URL (a URN): then entity_id is used as written
    entity_id: str
    metadata_path: str
    params: list[str]
    acs_path: str
    acs_binding: str
    slo_path: str | None
    slo_binding: str
    name_id_format: str | None
    want_assertions_signed: bool
    authn_requests_signed: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)


def validate(spec: IntegrationSpec) -> list[Diagnostic]:
    return service_provider(spec).diagnostics


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """The service provider as the templates render it (``_intspec.view``)."""
    found = asdict(service_provider(spec))
    del found["diagnostics"]
    return found


def contributions(spec: IntegrationSpec) -> dict[str, list[Any]]:
    """The SP's base URL, defaulting to the spec's scheme and host, which is document data (so computed)."""
    return {
        "settings": [
            {
                "name": "saml_sp_base_url",
                "type": "str",
                "default": service_provider(spec).base_url,
                "description": "scheme and host of this service provider's URLs in its SAML metadata",
                "spec": "saml.entity_id",
            }
        ]
    }


def service_provider(spec: IntegrationSpec) -> ServiceProvider:
    saml = spec.saml or Saml()
    found: list[Diagnostic] = []
    base = next((base for url in (saml.entity_id, saml.acs_url, saml.slo_url) if (base := url_base(url))), None)
    entity_path, metadata_path, root = entity_paths(spec, saml.entity_id, found)
    params = _PARAM.findall(metadata_path)
    acs = endpoint_path(spec, "saml.acs_url", saml.acs_url, params, root + "/acs", found) or root + "/acs"
    slo = endpoint_path(spec, "saml.slo_url", saml.slo_url, params, "no SingleLogoutService", found)
    return ServiceProvider(
        base_url=base or DEFAULT_BASE_URL,
        entity_path=entity_path,
        entity_id=saml.entity_id or "",
        metadata_path=metadata_path,
        params=params,
        acs_path=acs,
        acs_binding=binding(spec, "saml.acs_url", saml.acs_binding, found),
        slo_path=slo,
        slo_binding=binding(spec, "saml.slo_url", saml.slo_binding, found),
        name_id_format=saml.name_id_format,
        want_assertions_signed=saml.want_assertions_signed,
        authn_requests_signed=saml.authn_requests_signed,
        diagnostics=found,
    )


def entity_paths(spec: IntegrationSpec, entity_id: str | None, found: list[Diagnostic]) -> tuple[str | None, str, str]:
    """The entity ID's path (``None`` for an entity ID that is not a URL, kept as written), the metadata
    route's path and the root the default ACS path goes under.

    The metadata is served at the entity ID's own path when that names a metadata document
    (``.../metadata``, ``....xml``), else one level below it: ``/saml/{org_id}`` serves
    ``/saml/{org_id}/metadata``. Without an entity ID, or with one whose path cannot be a route, the entity
    ID is the metadata URL: ``<base>/saml/metadata``."""
    default = (DEFAULT_ROOT + "/metadata", DEFAULT_ROOT + "/metadata", DEFAULT_ROOT)
    if entity_id and url_base(entity_id) is None:
        return None, DEFAULT_ROOT + "/metadata", DEFAULT_ROOT
    instead = f"the metadata is served at {DEFAULT_ROOT}/metadata, which is also the entity ID"
    path = route_path(spec, "saml.entity_id", entity_id, instead, found)
    if path is None or path == "/":
        return default
    if path.endswith("/metadata"):
        return path, path, path.removesuffix("/metadata") or DEFAULT_ROOT
    if path.endswith(".xml"):
        return path, path, path.rsplit("/", 1)[0] or DEFAULT_ROOT
    return path, path + "/metadata", path


def url_base(url: str | None) -> str | None:
    """``https://app.example.com/saml`` -> ``https://app.example.com``; ``None`` for anything but an http(s) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def route_path(spec: IntegrationSpec, key: str, url: str | None, instead: str, found: list[Diagnostic]) -> str | None:
    """The path of ``url`` when it can be a route of the service, else ``None`` with a warning that says
    what is served ``instead``."""
    if not url or url_base(url) is None:
        return None
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    if (path == "/" or is_route(path)) and not parts.query and not parts.fragment:
        return path
    found.append(
        Diagnostic(
            line_of(spec, key),
            "warning",
            "saml-url",
            f"{LABELS[key]} {url!r} cannot be a route of the service (a path of letters, digits, '._~-' and "
            f"{{parameter}} segments, without query or fragment); {instead}",
        )
    )
    return None


def endpoint_path(
    spec: IntegrationSpec, key: str, url: str | None, params: list[str], default: str, found: list[Diagnostic]
) -> str | None:
    instead = f"{default} is announced instead"
    path = route_path(spec, key, url, instead, found)
    if path is None:
        return None
    unknown = [name for name in _PARAM.findall(path) if name not in params]
    if unknown:
        found.append(
            Diagnostic(
                line_of(spec, key),
                "warning",
                "saml-url",
                f"{LABELS[key]} {url!r} has {{{unknown[0]}}}, which the entity ID does not; {instead}",
            )
        )
        return None
    return path


def is_route(path: str) -> bool:
    """A path the service can route, whose parameters can be arguments of the route's function."""
    names = _PARAM.findall(path)
    return bool(_PATH.match(path)) and not any(keyword.iskeyword(n) or n in RESERVED_PARAMETERS for n in names)


def binding(spec: IntegrationSpec, key: str, value: str | None, found: list[Diagnostic]) -> str:
    """The binding's URN; a short name (``HTTP-POST``) is taken as the SAML 2.0 binding it names."""
    if value is None:
        return DEFAULT_BINDING
    name = value.strip().removeprefix(BINDING_PREFIX)
    known = {binding.lower(): binding for binding in BINDINGS}
    if name.lower() in known:
        return BINDING_PREFIX + known[name.lower()]
    found.append(
        Diagnostic(
            line_of(spec, key),
            "warning",
            "saml-binding",
            f"binding {value!r} is not a SAML 2.0 binding ({', '.join(BINDINGS)}); HTTP-POST is used",
        )
    )
    return DEFAULT_BINDING


def line_of(spec: IntegrationSpec, key: str) -> int:
    return spec.sources.get(key) or spec.sources.get(key.rsplit(".", 1)[0]) or 1
