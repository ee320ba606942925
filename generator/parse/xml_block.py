"""XML blocks (SAML metadata) -> located elements, through defusedxml (no entities, no DTDs)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from generator.parse.nodes import DecodeError


@dataclass
class XmlElement:
    tag: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[XmlElement] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str) -> list[XmlElement]:
        """This element and every descendant whose local name is ``tag``, in document order."""
        found: list[XmlElement] = []
        stack: list[XmlElement] = [self]
        while stack:
            element = stack.pop()
            if element.tag == tag:
                found.append(element)
            stack.extend(reversed(element.children))
        return found

    def find(self, tag: str) -> XmlElement | None:
        matches = self.iter(tag)
        return matches[0] if matches else None


def local_name(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _Builder(ContentHandler):
    def __init__(self, first_line: int) -> None:
        super().__init__()
        self.first_line = first_line
        self.stack: list[XmlElement] = []
        self.root: XmlElement | None = None
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def startElement(self, name: str, attrs: AttributesImpl[str]) -> None:  # noqa: N802 (SAX API)
        number = self.locator.getLineNumber() if self.locator else None
        line = self.first_line + (number - 1 if number else 0)
        element = XmlElement(local_name(name), line, {local_name(k): v for k, v in attrs.items()})
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def endElement(self, name: str) -> None:  # noqa: N802 (SAX API)
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def decode_xml(text: str, first_line: int) -> XmlElement:
    builder = _Builder(first_line)
    parser = make_parser()
    parser.setFeature(feature_namespaces, False)
    parser.setContentHandler(builder)
    try:
        parser.parse(io.BytesIO(text.encode("utf-8")))
    except SAXParseException as exc:
        raise DecodeError(f"invalid XML: {exc.getMessage()}", first_line + (exc.getLineNumber() or 1) - 1) from None
    except DefusedXmlException as exc:
        raise DecodeError(f"XML not allowed: {exc}", first_line) from None
    if builder.root is None:
        raise DecodeError("the XML block has no element", first_line)
    return builder.root
