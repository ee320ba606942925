"""Extractors for authentication: the OAuth 2.0 provider, SAML service provider, identity providers."""

from __future__ import annotations

import re
from typing import Literal

from generator.model.context import Context
from generator.model.schema import IdentityProvider, OAuth, OAuthEndpoints, Saml, Scope, TokenLifetimes
from generator.model.text import is_hostile, is_scope_name, is_scope_token, split_label, split_url, strip_markdown
from generator.parse.elements import Section, flatten_items, normalize_key, strip_code
from generator.parse.nodes import Node, entries, texts
from generator.parse.quantities import parse_duration, parse_durations
from generator.parse.xml_block import XmlElement

FLOW_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("authorization_code", re.compile(r"authori[sz]ation[ _-]?code|auth code", re.IGNORECASE)),
    ("pkce", re.compile(r"\bpkce\b", re.IGNORECASE)),
    ("client_credentials", re.compile(r"client[ _-]?credentials", re.IGNORECASE)),
    ("refresh_token", re.compile(r"refresh", re.IGNORECASE)),
    ("device_code", re.compile(r"device", re.IGNORECASE)),
    ("jwt_bearer", re.compile(r"jwt[ _-]?bearer|assertion", re.IGNORECASE)),
    ("token_exchange", re.compile(r"token[ _-]?exchange", re.IGNORECASE)),
    ("implicit", re.compile(r"implicit", re.IGNORECASE)),
    ("password", re.compile(r"password|resource owner", re.IGNORECASE)),
)
ENDPOINT_KEYS = {
    "authorize": ("authorization", "authorize", "authorization_endpoint", "auth"),
    "token": ("token", "token_endpoint"),
    "revoke": ("revocation", "revoke", "revocation_endpoint"),
    "introspect": ("introspection", "introspect", "introspection_endpoint"),
}
TEMPLATE_FLOWS = ["authorization_code", "client_credentials", "pkce"]
TEMPLATE_SCOPES = [
    Scope(name="read:profile", description="User profile access"),
    Scope(name="write:data", description="Data modification"),
    Scope(name="admin:all", description="Administrative access"),
    Scope(name="webhook:manage", description="Webhook configuration"),
]
SIGNING_ALGORITHMS: dict[str, Literal["RS256", "ES256"]] = {"RS256": "RS256", "ES256": "ES256"}
JWS_ALGORITHM = re.compile(r"\b(?:[RPE]S|HS)(?:256|384|512)\b|\bEdDSA\b", re.IGNORECASE)
AUDIENCE = re.compile(r"\baudience\s*[:=]?\s*[`\"']?([^\s`\"',;()]+)", re.IGNORECASE)
_SCOPE_SPLIT = re.compile(r"\s+[-–—]\s+|:\s+")


def extract_oauth(ctx: Context) -> OAuth | None:
    sections = ctx.begin("oauth", "oauth")
    if not sections:
        return None
    config = [pair for node in ctx.values(sections, "yaml", "json", "js") for pair in entries(node)]
    config += written_config(ctx, sections, {key for key, _ in config})
    oauth = OAuth()
    read_flows(ctx, oauth, config)
    read_endpoints(ctx, oauth, config)
    read_scopes(ctx, oauth, config)
    read_tokens(ctx, oauth, config)
    oauth.policies = [node.text() for key, value in config if key in ("policies", "policy") for node in texts(value)]
    return oauth


SCOPE_KEYS = ("scopes", "supported_scopes", "oauth_scopes")
FLOW_KEYS = ("supported_flows", "flows", "grant_types", "supported_grant_types", "grants")
TOKEN_KEYS = ("tokens", "token_lifetimes", "token_policy", "policies", "token")


def written_config(ctx: Context, sections: list[Section], given: set[str]) -> list[tuple[str, Node]]:
    """What the OAuth sections state outside code blocks, as config entries, for the keys the code lacks:
    scopes from a table with a scope column or from a list of ``- `name:x` - description`` items, and flows,
    endpoints, scopes and token lifetimes from ``- key: value`` list items."""
    found: list[tuple[str, Node]] = []
    scopes: list[Node] = []
    if not set(SCOPE_KEYS) & given:
        for table, rows in ctx.tables(sections):
            if "scope" in table.keys:
                scopes += [Node(f"{row_text(row, 'scope')} - {scope_description(row)}", row.line) for row in rows]
        for block in ctx.lists(sections):
            items = [Node(strip_code(item.text), item.line) for item in flatten_items(block.items)]
            if items and all(starts_with_scope(item) for item in items):
                scopes += items
    labelled: dict[str, dict[str, Node]] = {"endpoints": {}, "tokens": {}}
    for block in ctx.lists(sections):
        for item in flatten_items(block.items):
            label, rest = split_label(item.text)
            key = normalize_key(label)
            if not key or not rest or is_scope_name(strip_code(label)):
                continue
            node = Node(strip_code(rest), item.line)
            if key in SCOPE_KEYS and not set(SCOPE_KEYS) & given:
                scopes.append(node)
            elif key in FLOW_KEYS and not set(FLOW_KEYS) & given:
                found.append(("flows", node))
            elif any(key in names for names in ENDPOINT_KEYS.values()) and "endpoints" not in given:
                labelled["endpoints"].setdefault(key, node)
            elif key.startswith(("access", "refresh")) and not set(TOKEN_KEYS) & given:
                labelled["tokens"].setdefault(key, node)
    if scopes:
        found.append(("scopes", Node(scopes, scopes[0].line)))
    for key, values in labelled.items():
        if values:
            found.append((key, Node(values, min(node.line for node in values.values()))))
    return found


def starts_with_scope(item: Node) -> bool:
    names, _ = split_scope(item)
    return bool(names) and is_scope_name(names[0])


def row_text(row: Node, key: str) -> str:
    cell = row.get(key)
    return cell.text() if cell is not None else ""


def scope_description(row: Node) -> str:
    """The description cell of a scope table row: a description-like column, else the second column."""
    for name in ("description", "grants", "access", "purpose", "meaning", "allows", "permissions"):
        cell = row.get(name)
        if cell is not None and cell.text():
            return cell.text()
    others = [cell.text() for key, cell in row.items() if key != "scope"]
    return others[0] if others else ""


def read_flows(ctx: Context, oauth: OAuth, config: list[tuple[str, Node]]) -> None:
    for key, value in config:
        if key not in FLOW_KEYS:
            continue
        for item in texts(value):
            add_flows(ctx, oauth, item)
    if not oauth.flows:
        oauth.flows = list(TEMPLATE_FLOWS)
        ctx.defaulted("oauth.flows")


def add_flows(ctx: Context, oauth: OAuth, item: Node) -> None:
    text = item.text()
    found = [name for name, pattern in FLOW_PATTERNS if pattern.search(text)]
    if not found:
        known = ", ".join(name for name, _ in FLOW_PATTERNS)
        ctx.diags.warning(item.line, "oauth-flow", f"unknown OAuth flow {text!r}; known flows: {known}")
        return
    note = re.search(r"\((.*)\)", text)
    for name in found:
        if name not in oauth.flows:
            ctx.at(f"oauth.flows.{len(oauth.flows)}", item.line)
            oauth.flows.append(name)
            if note:
                oauth.flow_notes[name] = note[1]


def read_endpoints(ctx: Context, oauth: OAuth, config: list[tuple[str, Node]]) -> None:
    given: dict[str, Node] = {}
    for key, value in config:
        if key in ("endpoints", "urls"):
            for name, written in entries(value):
                field = next((f for f, keys in ENDPOINT_KEYS.items() if name in keys), None)
                if field is not None and written.text():
                    given.setdefault(field, written)
    endpoints = OAuthEndpoints()
    issuers: dict[str, int] = {}
    for field in ENDPOINT_KEYS:
        node = given.get(field)
        if node is None:
            ctx.defaulted(f"oauth.endpoints.{field}")
            continue
        path, issuer = split_url(node.text().split()[0])
        if not path.startswith("/"):
            ctx.diags.warning(
                node.line,
                "endpoint",
                f"OAuth {field} endpoint {node.text()!r} is neither a path nor a URL; "
                f"using {getattr(endpoints, field)}",
            )
            ctx.defaulted(f"oauth.endpoints.{field}")
            continue
        setattr(endpoints, field, path)
        ctx.at(f"oauth.endpoints.{field}", node.line)
        if issuer:
            issuers.setdefault(issuer, node.line)
    oauth.endpoints = endpoints
    if issuers:
        oauth.issuer, line = next(iter(issuers.items()))
        ctx.at("oauth.issuer", line)
    if len(issuers) > 1:
        others = ", ".join(issuers)
        ctx.diags.warning(min(issuers.values()), "endpoint", f"OAuth endpoints are on different hosts ({others})")


def read_scopes(ctx: Context, oauth: OAuth, config: list[tuple[str, Node]]) -> None:
    seen: set[str] = set()
    for key, value in config:
        if key not in SCOPE_KEYS:
            continue
        for item in scope_items(value):
            names, description = split_scope(item)
            for name in names:
                add_scope(ctx, oauth, seen, name, description, item.line)
    if not oauth.scopes and not set(SCOPE_KEYS) & {key for key, _ in config}:
        oauth.scopes = [scope.model_copy() for scope in TEMPLATE_SCOPES]
        ctx.defaulted("oauth.scopes")


def scope_items(value: Node) -> list[Node]:
    """Scope entries as "name - description" text nodes, whether written as strings or as mappings."""
    if value.is_map:
        return [Node(f"{key} - {child.text()}", child.line) for key, child in value.items()]
    items: list[Node] = []
    for child in value.children():
        if child.is_map:
            items.extend(Node(f"{key} - {grand.text()}", grand.line) for key, grand in child.items())
        elif child.text():
            items.append(child)
    return items


def split_scope(item: Node) -> tuple[list[str], str]:
    """``"read:x / write:x - Things"`` -> (["read:x", "write:x"], "Things")."""
    text = strip_markdown(item.text())
    parts = _SCOPE_SPLIT.split(text, maxsplit=1)
    names_text, description = parts[0], parts[1] if len(parts) > 1 else ""
    names = [name.strip() for name in re.split(r"\s*(?:/|,|\band\b|\|)\s*", names_text) if name.strip()]
    return names, description.strip()


def add_scope(ctx: Context, oauth: OAuth, seen: set[str], name: str, description: str, line: int) -> None:
    if not is_scope_token(name):
        if is_hostile(name):
            ctx.diags.error(
                line,
                "scope-name",
                f"scope {name!r} has characters OAuth does not allow in a scope (double quotes, backslashes, "
                "control characters); write it like 'read:profile'",
            )
        else:
            ctx.diags.warning(
                line,
                "scope-name",
                f"scope {name!r} has characters OAuth does not allow in a scope (RFC 6749 §3.3: printable ASCII "
                "except space, '\"' and '\\'); it is left out",
            )
        return
    if name in seen:
        ctx.diags.warning(line, "duplicate-scope", f"scope {name!r} is listed twice")
        return
    seen.add(name)
    index = len(oauth.scopes)
    ctx.at(f"oauth.scopes.{index}.name", line)
    oauth.scopes.append(Scope(name=name, description=description))


def read_tokens(ctx: Context, oauth: OAuth, config: list[tuple[str, Node]]) -> None:
    tokens = TokenLifetimes()
    access = refresh = None
    for key, value in config:
        for name, node in entries(value) if key in TOKEN_KEYS else []:
            if name.startswith("access") and access is None:
                access = node
            elif name.startswith("refresh") and refresh is None:
                refresh = node
    flow_refresh = next((note for flow, note in oauth.flow_notes.items() if flow == "refresh_token"), None)
    if access is not None and (seconds := parse_duration(access.text())) is not None:
        tokens.access_token_seconds = seconds
        tokens.access_token_format = "jwt" if "jwt" in access.text().lower() else None
        ctx.at("oauth.tokens.access_token_seconds", access.line)
        if tokens.access_token_format:
            read_jwt_details(ctx, tokens, access)
    else:
        ctx.defaulted("oauth.tokens.access_token_seconds")
    refresh_text = refresh.text() if refresh is not None else (flow_refresh or "")
    durations = parse_durations(refresh_text)
    if durations:
        tokens.refresh_token_seconds = max(durations)
        if refresh is not None:
            ctx.at("oauth.tokens.refresh_token_seconds", refresh.line)
    else:
        ctx.defaulted("oauth.tokens.refresh_token_seconds")
    tokens.refresh_rotation = bool(re.search(r"rotat", refresh_text, re.IGNORECASE))
    oauth.tokens = tokens


def read_jwt_details(ctx: Context, tokens: TokenLifetimes, access: Node) -> None:
    """The signing algorithm (RS256 or ES256: what every JOSE library verifies) and the audience an access
    entry names, as in "30 minutes (JWT, ES256, audience api.example.com)"."""
    text = access.text()
    named = JWS_ALGORITHM.search(text)
    if named is not None:
        algorithm = named.group(0).upper().replace("EDDSA", "EdDSA")
        if algorithm in SIGNING_ALGORITHMS:
            tokens.access_token_algorithm = SIGNING_ALGORITHMS[algorithm]
            ctx.at("oauth.tokens.access_token_algorithm", access.line)
        else:
            ctx.diags.warning(
                access.line,
                "jwt-algorithm",
                f"access tokens signed with {algorithm} are not generated (a JWKS publishes public keys, and "
                "RS256 and ES256 are what resource servers verify); RS256 is used. Write RS256 or ES256 to choose",
            )
    audience = AUDIENCE.search(text)
    if audience is not None:
        tokens.access_token_audience = audience.group(1).rstrip(".,;)")
        ctx.at("oauth.tokens.access_token_audience", access.line)


def extract_saml(ctx: Context) -> Saml | None:
    sections = ctx.begin("saml", "saml")
    if not sections:
        return None
    for data in ctx.decoded(sections, "xml"):
        if data.xml is not None:
            return saml_from_xml(ctx, data.xml, data.block.text, sections)
    return Saml(notes=[strip_markdown(p.text) for p in ctx.paragraphs(sections)])


def saml_from_xml(ctx: Context, root: XmlElement, xml_text: str, sections: list) -> Saml:  # type: ignore[type-arg]
    descriptor = root.find("EntityDescriptor") or root
    sp = descriptor.find("SPSSODescriptor")
    saml = Saml(entity_id=descriptor.attrs.get("entityID"), metadata_xml=xml_text.rstrip("\n"))
    ctx.at("saml.entity_id", descriptor.line)
    if sp is not None:
        saml.want_assertions_signed = sp.attrs.get("WantAssertionsSigned", "").lower() == "true"
        saml.authn_requests_signed = sp.attrs.get("AuthnRequestsSigned", "").lower() == "true"
        acs, slo, name_id = sp.find("AssertionConsumerService"), sp.find("SingleLogoutService"), sp.find("NameIDFormat")
        if acs is not None:
            saml.acs_url = acs.attrs.get("Location")
            saml.acs_binding = acs.attrs.get("Binding")
            ctx.at("saml.acs_url", acs.line)
        if slo is not None:
            saml.slo_url = slo.attrs.get("Location")
            saml.slo_binding = slo.attrs.get("Binding")
            ctx.at("saml.slo_url", slo.line)
        if name_id is not None:
            saml.name_id_format = name_id.text.strip() or None
    saml.notes = xml_comments(xml_text) + [strip_markdown(p.text) for p in ctx.paragraphs(sections)]
    return saml


def xml_comments(text: str) -> list[str]:
    return [" ".join(comment.split()) for comment in re.findall(r"<!--(.*?)-->", text, re.DOTALL)]


def extract_identity_providers(ctx: Context) -> list[IdentityProvider]:
    providers: list[IdentityProvider] = []
    for _, rows in ctx.tables(ctx.sections("identity_providers")):
        for row in rows:
            provider = identity_provider(row)
            if provider is not None:
                ctx.at(f"identity_providers.{len(providers)}", row.line)
                providers.append(provider)
    return providers


def identity_provider(row: Node) -> IdentityProvider | None:
    cells = [(key, node.text()) for key, node in row.items()]
    if not cells or not cells[0][1]:
        return None
    by_key = dict(cells)
    provider = by_key.pop("provider", None) or cells[0][1]
    by_key.pop(cells[0][0], None)
    protocol = by_key.pop("protocol", None)
    if protocol is None and len(cells) > 1:
        protocol = by_key.pop(cells[1][0], "")
    config_key = next((k for k in by_key if k.startswith(("config", "notes", "details", "setup"))), None)
    if config_key is None:
        config_key = next(iter(by_key), None)
    configuration = by_key.pop(config_key, "") if config_key else ""
    return IdentityProvider(provider=provider, protocol=protocol or "", configuration=configuration, extra=by_key)
