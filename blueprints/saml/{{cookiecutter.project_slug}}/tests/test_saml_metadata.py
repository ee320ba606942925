{%- set sp = cookiecutter._intspec.view -%}
"""The SP metadata route: the spec's entity ID, ACS and SLO under the configured base URL, escaped XML."""

from xml.etree import ElementTree

from fastapi import FastAPI
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.saml.metadata import (
    ACS_BINDING,
    ACS_PATH,
    MD,
    MEDIA_TYPE,
    NAME_ID_FORMAT,
    PARAMETERS,
    SLO_BINDING,
    SLO_PATH,
    fill,
    service_provider_urls,
    tag,
)

TENANT = {name: f"tenant-{index}" for index, name in enumerate(PARAMETERS)}
HOSTILE = {name: "a<b&\"c d'" for name in PARAMETERS}


def metadata_url(values: dict[str, str]) -> str:
    return fill({{ sp.metadata_path | py }}, values)


def fetch(client: TestClient, values: dict[str, str]) -> ElementTree.Element:
    response = client.get(metadata_url(values))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(MEDIA_TYPE)
    return ElementTree.fromstring(response.content)


def test_metadata_describes_this_service_provider(client: TestClient, settings: Settings) -> None:
    root = fetch(client, TENANT)
    urls = service_provider_urls(settings, TENANT)
    assert root.tag == tag(MD, "EntityDescriptor")
    assert root.get("entityID") == urls.entity_id
    sp = root.find(tag(MD, "SPSSODescriptor"))
    assert sp is not None
    assert sp.get("WantAssertionsSigned") == {{ sp.want_assertions_signed | string | lower | py }}
    assert sp.get("AuthnRequestsSigned") == {{ sp.authn_requests_signed | string | lower | py }}
    acs = sp.find(tag(MD, "AssertionConsumerService"))
    assert acs is not None
    assert acs.get("Binding") == ACS_BINDING
    assert acs.get("Location") == settings.saml_sp_base_url + fill(ACS_PATH, TENANT)
    slo = sp.find(tag(MD, "SingleLogoutService"))
    if SLO_PATH is None:
        assert slo is None
    else:
        assert slo is not None
        assert (slo.get("Binding"), slo.get("Location")) == (SLO_BINDING, urls.slo_url)
    name_id = sp.find(tag(MD, "NameIDFormat"))
    assert (name_id.text if name_id is not None else None) == NAME_ID_FORMAT


def test_urls_follow_the_configured_base_url(migrated: Settings) -> None:
    settings = migrated.model_copy(update={"saml_sp_base_url": "https://sso.test.example"})
    with TestClient(create_app(settings)) as client:
        root = fetch(client, TENANT)
    acs = root.find(f"{tag(MD, 'SPSSODescriptor')}/{tag(MD, 'AssertionConsumerService')}")
    assert acs is not None
    assert acs.get("Location") == "https://sso.test.example" + fill(ACS_PATH, TENANT)


def test_a_signing_certificate_is_published_when_configured(migrated: Settings) -> None:
    body = "MIIBszCCAVmgAwIBAgIUY2VydA=="
    pem = f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
    with TestClient(create_app(migrated.model_copy(update={"saml_sp_certificate": pem}))) as client:
        root = fetch(client, TENANT)
    found = [element.text for element in root.iter("{http://www.w3.org/2000/09/xmldsig#}X509Certificate")]
    assert found == [body]
{%- if sp.params %}


def test_tenant_values_are_encoded_not_interpreted(client: TestClient, settings: Settings) -> None:
    response = client.get(metadata_url(HOSTILE))
    assert response.status_code == 200
    assert b'a<b&"c' not in response.content
    root = ElementTree.fromstring(response.content)
    assert root.get("entityID") == service_provider_urls(settings, HOSTILE).entity_id
{%- if "{" in sp.acs_path %}
    assert "a%3Cb%26%22c%20d%27" in service_provider_urls(settings, HOSTILE).acs_url
{%- endif %}
{%- endif %}


def test_the_route_is_in_the_openapi_document(app: FastAPI) -> None:
    assert {{ sp.metadata_path | py }} in app.openapi()["paths"]
