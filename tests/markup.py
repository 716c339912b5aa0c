"""A small reader of the HTML our pages send, on the standard library's html.parser, so tests compare the
exact text of the element that matters (a heading, the message by a field, a list of links) instead of
looking for a substring anywhere in the page.

    page = parse(response)
    assert page.one("h1").text == "Your business"
    assert page.one("#id_stage_error").text == "Choose one of the options."
    assert page.hrefs("nav a") == ["/", "/glossary/"]

Selectors are the small part of CSS our tests need: `tag`, `#id`, `.class`, `[attr]`, `[attr=value]`,
combined (`a.button[href]`) and joined by spaces for descendants (`form#answers input[name=go]`).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

# Elements that never have a closing tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text is not page text.
HIDDEN_TEXT = {"script", "style", "template"}

SIMPLE = re.compile(r"([a-zA-Z][a-zA-Z0-9-]*)|#([\w-]+)|\.([\w-]+)|\[([\w:-]+)(?:=\"?([^\]\"]*)\"?)?\]")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text a reader sees, white space folded to single spaces."""
        return " ".join(self._raw_text().split())

    def _raw_text(self) -> str:
        if self.tag in HIDDEN_TEXT:
            return ""
        return "".join(
            child if isinstance(child, str) else " " + child._raw_text() + " " for child in self.children
        )

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    @property
    def elements(self) -> list["Element"]:
        """The child elements (not text), in order."""
        return [child for child in self.children if isinstance(child, Element)]

    def descendants(self) -> list["Element"]:
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                found.append(child)
                found.extend(child.descendants())
        return found

    def all(self, selector: str) -> list["Element"]:
        """Every element matching the selector, in document order."""
        steps = [_parse_simple(part) for part in selector.split()]
        scope = [self]
        for step in steps:
            seen: set[int] = set()
            matched = []
            for parent in scope:
                for element in parent.descendants():
                    if id(element) not in seen and _matches(element, step):
                        seen.add(id(element))
                        matched.append(element)
            scope = matched
        return scope

    def one(self, selector: str) -> "Element":
        """The only element matching the selector (an AssertionError when there are none or several)."""
        matched = self.all(selector)
        assert len(matched) == 1, f"{len(matched)} elements match {selector!r}"
        return matched[0]

    def texts(self, selector: str) -> list[str]:
        return [element.text for element in self.all(selector)]

    def hrefs(self, selector: str = "a") -> list[str | None]:
        return [element.get("href") for element in self.all(selector)]

    def checked(self, name: str) -> list[str | None]:
        """The values of the checked inputs of a field (radios and checkboxes)."""
        return [
            element.get("value") for element in self.all(f"input[name={name}]") if "checked" in element.attrs
        ]


def _parse_simple(part: str) -> list[tuple[str, str, str | None]]:
    conditions: list[tuple[str, str, str | None]] = []
    position = 0
    while position < len(part):
        match = SIMPLE.match(part, position)
        if match is None:
            raise ValueError(f"Unsupported selector: {part!r}")
        tag, element_id, class_name, attribute, value = match.groups()
        if tag:
            conditions.append(("tag", tag.lower(), None))
        elif element_id:
            conditions.append(("attr", "id", element_id))
        elif class_name:
            conditions.append(("class", class_name, None))
        else:
            conditions.append(("attr", attribute, value))
        position = match.end()
    return conditions


def _matches(element: Element, conditions: list[tuple[str, str, str | None]]) -> bool:
    for kind, name, value in conditions:
        if kind == "tag" and element.tag != name:
            return False
        if kind == "class" and name not in (element.get("class") or "").split():
            return False
        if kind == "attr" and (
            name not in element.attrs or (value is not None and element.attrs[name] != value)
        ):
            return False
    return True


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag closes nothing.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(response_or_html: Any) -> Element:
    """The document tree of a response (its content) or of a string of HTML."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
