"""Make a drawn diagram's SVG safe to publish as a file: pictures only, nothing that runs or loads.

The site shows diagrams as `<img>` (where SVG never runs scripts), but a learner can open the
file itself, where it would: so the file keeps only an allow-list of SVG elements (and, in
`foreignObject` labels, of plain XHTML text elements), no event-handler attributes, no link
but to a fragment of itself, and no style that loads anything. The root gets the size of its
view box, so an `<img>` shows it at its natural size (Mermaid writes `width="100%"`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XLINK = "http://www.w3.org/1999/xlink"
_SVG_TAGS = frozenset(
    # fmt: off
    [
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "defs",
        "marker",
        "style",
        "title",
        "desc",
        "clipPath",
        "mask",
        "pattern",
        "symbol",
        "use",
        "linearGradient",
        "radialGradient",
        "stop",
        "filter",
        "feDropShadow",
        "feGaussianBlur",
        "feOffset",
        "feFlood",
        "feComposite",
        "feMerge",
        "feMergeNode",
        "feBlend",
        "feColorMatrix",
        "foreignObject",
        "switch",
    ]
    # fmt: on
)
_XHTML_TAGS = frozenset(
    # fmt: off
    [
        "div",
        "span",
        "p",
        "br",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "del",
        "ins",
        "code",
        "pre",
        "sub",
        "sup",
        "small",
        "mark",
        "ul",
        "ol",
        "li",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
    ]
    # fmt: on
)
_LINK_ATTRIBUTES = frozenset({"href", f"{{{XLINK}}}href"})
_LOADS = re.compile(r"@import|url\(\s*(?!['\"]?#)|expression\(|-moz-binding", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class UnsafeSvg(ValueError):
    """The text is no SVG this module can clean (not XML, or it declares entities)."""


def clean_svg(text: str) -> str:
    """Return the SVG with everything outside the allow-lists removed, sized by its view box."""
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise UnsafeSvg("the drawing declares a document type")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise UnsafeSvg(f"the drawing is not XML: {error}") from None
    if root.tag != f"{{{SVG}}}svg":
        raise UnsafeSvg("the drawing is not an SVG document")
    _clean(root)
    _size(root)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    ET.register_namespace("html", XHTML)
    return ET.tostring(root, encoding="unicode")


def _allowed(tag: str) -> bool:
    """Tell whether an element may stay."""
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if namespace == SVG:
        return name in _SVG_TAGS
    return namespace == XHTML and name in _XHTML_TAGS


def _clean(element: ET.Element) -> None:
    """Remove disallowed children, attributes and loading styles, depth first."""
    for child in list(element):
        if not isinstance(child.tag, str) or not _allowed(child.tag):
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        if not _safe_attribute(name, element.attrib[name]):
            del element.attrib[name]
    if element.tag == f"{{{SVG}}}style" and element.text and _LOADS.search(element.text):
        element.text = ""  # Mermaid's styles load nothing: one that does is not Mermaid's


def _safe_attribute(name: str, value: str) -> bool:
    """Tell whether an attribute may stay: no handler, script URL, outside link or loading."""
    if name.rpartition("}")[2].lower().startswith("on"):
        return False
    if "javascript:" in value.lower() or _LOADS.search(value):
        return False
    return name not in _LINK_ATTRIBUTES or value.startswith("#")


def _size(root: ET.Element, margin: float = 8) -> None:
    """Size the root by its view box plus a margin (Mermaid draws borders on its edge)."""
    box = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        x, y, width, height = (
            box[0] - margin,
            box[1] - margin,
            box[2] + 2 * margin,
            box[3] + 2 * margin,
        )
        root.set("viewBox", f"{x:g} {y:g} {width:g} {height:g}")
        root.set("width", f"{width:.0f}")
        root.set("height", f"{height:.0f}")
    root.attrib.pop("style", None)  # Mermaid's max-width: the page sizes the picture
