import pytest

from generator.parse.nodes import DecodeError
from generator.parse.xml_block import decode_xml

SAML = """<!-- SAML Configuration -->
<EntityDescriptor entityID="https://app.example.com">
  <SPSSODescriptor WantAssertionsSigned="true">
    <AssertionConsumerService
      Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
      Location="https://app.example.com/saml/callback"/>
  </SPSSODescriptor>
</EntityDescriptor>
"""


def test_elements_keep_lines_and_local_names():
    root = decode_xml(SAML, first_line=80)
    assert (root.tag, root.line, root.attrs["entityID"]) == ("EntityDescriptor", 81, "https://app.example.com")
    acs = root.find("AssertionConsumerService")
    assert acs is not None and acs.attrs["Location"].endswith("/callback")


def test_namespaced_metadata_uses_local_names():
    root = decode_xml(
        '<md:EntityDescriptor xmlns:md="urn:x" entityID="e"><md:SPSSODescriptor/></md:EntityDescriptor>', 1
    )
    assert root.tag == "EntityDescriptor" and root.find("SPSSODescriptor") is not None


def test_entities_are_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(DecodeError) as caught:
        decode_xml(bomb, first_line=1)
    assert caught.value.message.startswith("XML not allowed")


def test_syntax_error_line():
    with pytest.raises(DecodeError) as caught:
        decode_xml("<a>\n<b>\n</a>\n", first_line=10)
    assert caught.value.line == 12
