{%- set sp = cookiecutter._intspec.view -%}
"""This service's SAML 2.0 service-provider metadata{% if "saml.entity_id" | spec_ref %} ({{ "saml.entity_id" | spec_ref | doc }}){% endif %}.

The spec writes its URLs for production; here each is its path under `settings.saml_sp_base_url`, with the
`{parameter}` parts filled in from the request (one service provider per tenant). The XML is built with
ElementTree, so every value is escaped.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote
from xml.etree import ElementTree

from {{ cookiecutter.package_name }}.core.config import Settings

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
MEDIA_TYPE = "application/samlmetadata+xml"

# As the spec states them{% if "saml.entity_id" | spec_ref %} ({{ "saml.entity_id" | spec_ref }}){% endif %}.
ENTITY_PATH: str | None = {{ sp.entity_path | py }}
SPEC_ENTITY_ID = {{ sp.entity_id | py }}
METADATA_PATH = {{ sp.metadata_path | py }}
PARAMETERS: tuple[str, ...] = ({% for name in sp.params %}{{ name | py }}{% if not loop.last %}, {% endif %}{% endfor %}{% if sp.params | length == 1 %},{% endif %})
ACS_PATH = {{ sp.acs_path | py }}
ACS_BINDING = {{ sp.acs_binding | py }}
SLO_PATH: str | None = {{ sp.slo_path | py }}
SLO_BINDING = {{ sp.slo_binding | py }}
NAME_ID_FORMAT: str | None = {{ sp.name_id_format | py }}
WANT_ASSERTIONS_SIGNED = {{ sp.want_assertions_signed | py }}
AUTHN_REQUESTS_SIGNED = {{ sp.authn_requests_signed | py }}

_PARAMETER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_PEM = re.compile(r"-----(?:BEGIN|END) CERTIFICATE-----|\s+")

ElementTree.register_namespace("md", MD)
ElementTree.register_namespace("ds", DS)


def tag(namespace: str, name: str) -> str:
    """ElementTree's name for `name` in `namespace`."""
    return "{" + namespace + "}" + name


@dataclass(frozen=True)
class ServiceProviderUrls:
    entity_id: str
    acs_url: str
    slo_url: str | None


def fill(template: str, values: dict[str, str]) -> str:
    """`/saml/{org_id}` with `org_id` from `values`, percent-encoded so a value cannot change the path."""
    return _PARAMETER.sub(lambda match: quote(values[match[1]], safe=""), template)


def service_provider_urls(settings: Settings, values: dict[str, str]) -> ServiceProviderUrls:
    base = settings.saml_sp_base_url.rstrip("/")
    entity_id = base + fill(ENTITY_PATH, values) if ENTITY_PATH is not None else fill(SPEC_ENTITY_ID, values)
    slo_url = base + fill(SLO_PATH, values) if SLO_PATH is not None else None
    return ServiceProviderUrls(entity_id=entity_id, acs_url=base + fill(ACS_PATH, values), slo_url=slo_url)


def metadata_xml(settings: Settings, values: dict[str, str]) -> bytes:
    """The `EntityDescriptor` for the tenant `values` name, as UTF-8 XML."""
    urls = service_provider_urls(settings, values)
    root = ElementTree.Element(tag(MD, "EntityDescriptor"), {"entityID": urls.entity_id})
    sp = ElementTree.SubElement(
        root,
        tag(MD, "SPSSODescriptor"),
        {
            "AuthnRequestsSigned": str(AUTHN_REQUESTS_SIGNED).lower(),
            "WantAssertionsSigned": str(WANT_ASSERTIONS_SIGNED).lower(),
            "protocolSupportEnumeration": PROTOCOL,
        },
    )
    if settings.saml_sp_certificate:
        key = ElementTree.SubElement(sp, tag(MD, "KeyDescriptor"), {"use": "signing"})
        info = ElementTree.SubElement(key, tag(DS, "KeyInfo"))
        data = ElementTree.SubElement(info, tag(DS, "X509Data"))
        certificate = ElementTree.SubElement(data, tag(DS, "X509Certificate"))
        certificate.text = _PEM.sub("", settings.saml_sp_certificate)
    if urls.slo_url is not None:
        ElementTree.SubElement(sp, tag(MD, "SingleLogoutService"), {"Binding": SLO_BINDING, "Location": urls.slo_url})
    if NAME_ID_FORMAT is not None:
        ElementTree.SubElement(sp, tag(MD, "NameIDFormat")).text = NAME_ID_FORMAT
    ElementTree.SubElement(
        sp,
        tag(MD, "AssertionConsumerService"),
        {"Binding": ACS_BINDING, "Location": urls.acs_url, "index": "0", "isDefault": "true"},
    )
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
