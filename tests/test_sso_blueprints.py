"""The saml and identity_providers blueprints: the routes and settings they derive from the document.

Their generated projects' own tests (SP metadata served and escaped, settings read from the environment)
run with every example document in test_generated_projects.py; these check the derivation itself."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from generator.blueprints import load_blueprints
from generator.logic import load_logic
from generator.pipeline import read_spec_bytes
from generator.plan import plan_project
from tests.documents import SPEC_INPUTS

BLUEPRINTS = load_blueprints()
SAML = load_logic(BLUEPRINTS["saml"])
PROVIDERS = load_logic(BLUEPRINTS["identity_providers"])

HEAD = "# Integration Specifications: Acme\n## Core Integrations\n### Authentication & SSO\n"


def spec_of(body: str):
    return read_spec_bytes((HEAD + textwrap.dedent(body)).encode(), "spec.md").spec


def saml_doc(entity: str, acs: str | None = None, slo: str | None = None, binding: str = "HTTP-POST") -> str:
    lines = [f'<EntityDescriptor entityID="{entity}">', "  <SPSSODescriptor>"]
    if slo:
        lines.append(f'    <SingleLogoutService Binding="{binding}" Location="{slo}"/>')
    if acs:
        lines.append(f'    <AssertionConsumerService Binding="{binding}" Location="{acs}"/>')
    lines += ["  </SPSSODescriptor>", "</EntityDescriptor>"]
    return "#### SAML 2.0 Integration\n```xml\n" + "\n".join(lines) + "\n```\n"


def sp_view(body: str) -> dict[str, Any]:
    assert SAML.view is not None
    return SAML.view(spec_of(body))


def codes(logic, body: str) -> list[str]:
    return [f"{d.line}: {d.code}" for d in logic.validate(spec_of(body))]


def test_a_tenant_entity_id_serves_metadata_below_it_with_its_parameter() -> None:
    view = sp_view(saml_doc("https://app.acme.com/saml/{org_id}", "https://app.acme.com/saml/{org_id}/acs"))
    assert view["metadata_path"] == "/saml/{org_id}/metadata"
    assert view["params"] == ["org_id"]
    assert view["acs_path"] == "/saml/{org_id}/acs"
    assert view["base_url"] == "https://app.acme.com"
    assert view["acs_binding"] == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"  # from the short name
    assert view["slo_path"] is None


@pytest.mark.parametrize(
    ("entity", "metadata", "acs"),
    [
        ("https://sp.acme.com/saml/metadata", "/saml/metadata", "/saml/acs"),
        ("https://sp.acme.com/sso/sp.xml", "/sso/sp.xml", "/sso/acs"),
        ("https://sp.acme.com", "/saml/metadata", "/saml/acs"),
        ("urn:acme:sp", "/saml/metadata", "/saml/acs"),
    ],
)
def test_where_the_metadata_is_served(entity: str, metadata: str, acs: str) -> None:
    view = sp_view(saml_doc(entity))
    assert (view["metadata_path"], view["acs_path"]) == (metadata, acs)
    assert view["entity_path"] is None if entity.startswith("urn:") else view["entity_path"] is not None


def test_a_saml_section_without_metadata_gets_the_defaults() -> None:
    view = sp_view("#### SAML 2.0 Integration\nEnterprise customers sign in with SAML.\n")
    assert (view["metadata_path"], view["acs_path"], view["base_url"]) == (
        "/saml/metadata",
        "/saml/acs",
        "http://127.0.0.1:8000",
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (saml_doc("https://a.com/saml?org=1"), ["6: saml-url"]),
        (saml_doc("https://a.com/saml/{org}", acs="https://a.com/saml/{tenant}/acs"), ["8: saml-url"]),
        (saml_doc("https://a.com/saml/{class}"), ["6: saml-url"]),  # a keyword cannot be a parameter
        (saml_doc("https://a.com/saml", acs="https://a.com/saml/acs", binding="urn:x:POST"), ["8: saml-binding"]),
        (saml_doc("https://a.com/saml/{org}", acs="https://a.com/saml/{org}/acs"), []),
    ],
)
def test_saml_warnings_are_at_their_lines(body: str, expected: list[str]) -> None:
    assert codes(SAML, body) == expected


PROVIDER_TABLE = """\
#### Supported Identity Providers
| Provider | Protocol | Configuration |
|---|---|---|
| Google Workspace | OAuth 2.0 | hd restriction |
| Okta | SAML/OIDC | workforce |
| okta | SAML 2.0 | a second tenant |
| Corporate LDAP | LDAP | on-premises |
| {{ 7 * 7 }} | OIDC | not a template |
"""


def test_each_provider_gets_the_settings_its_protocol_needs() -> None:
    assert PROVIDERS.view is not None
    providers = {p["name"]: [s[0] for s in p["settings"]] for p in PROVIDERS.view(spec_of(PROVIDER_TABLE))["providers"]}
    assert providers == {
        "Google Workspace": [
            "google_workspace_client_id",
            "google_workspace_client_secret",
            "google_workspace_discovery_url",
        ],
        "Okta": ["okta_saml_metadata_url", "okta_client_id", "okta_client_secret", "okta_discovery_url"],
        "okta": ["okta_2_saml_metadata_url"],
        "Corporate LDAP": [],
        "{{ 7 * 7 }}": ["x_7_7_client_id", "x_7_7_client_secret", "x_7_7_discovery_url"],
    }
    assert codes(PROVIDERS, PROVIDER_TABLE) == ["9: identity-provider", "10: identity-provider"]


def test_provider_settings_reach_the_service_as_data() -> None:
    spec = spec_of(PROVIDER_TABLE)
    plan = plan_project(spec, BLUEPRINTS, "spec.md")
    settings = {item["name"]: item for item in plan.contributions["settings"]}
    assert settings["x_7_7_client_id"]["description"].startswith("{{ 7 * 7 }} (OIDC):")
    assert settings["okta_2_saml_metadata_url"]["spec"] == "identity_providers.2"


def test_the_example_documents_choose_the_blueprints_by_their_sections() -> None:
    def applied(name: str) -> set[str]:
        spec = build_model_of(SPEC_INPUTS / name)
        return {"saml", "identity_providers"} & set(plan_project(spec, BLUEPRINTS, name).names)

    assert applied("harbor-freight.md") == {"saml", "identity_providers"}
    assert applied("ridgeline-energy.md") == {"identity_providers"}
    assert applied("pocket-ledger-minimal.md") == set()


def build_model_of(path):
    return read_spec_bytes(path.read_bytes(), path.name).spec
