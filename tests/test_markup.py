"""The HTML reader the view tests compare with: what it finds must be exactly what the page holds, or an
assertion that a page lacks something (`== []`) could pass on a reader that finds nothing."""

import pytest

from tests.markup import parse

PAGE = """<!doctype html><html><head><title>A page</title><style>p { color: red }</style></head>
<body hx-headers='{"X-CSRFToken": "abc"}'>
  <h1 id="title">Your   <em>business</em></h1>
  <form class="step-form" action="/q/" method="post">
    <input type="radio" name="stage" value="new">
    <input type="radio" name="stage" value="growing" checked>
    <br>
    <p class="field-error error" id="id_stage_error">Choose one.</p>
    <button name="go" value="next">Continue</button>
  </form>
  <p>Outside the form &amp; after it</p>
  <script>var hidden = "not text";</script>
</body></html>"""


def test_text_is_what_a_reader_sees_with_white_space_folded() -> None:
    page = parse(PAGE)

    assert page.one("h1").text == "Your business"
    assert page.texts("p") == ["Choose one.", "Outside the form & after it"]
    assert "not text" not in page.text


@pytest.mark.parametrize(
    ("selector", "found"),
    [
        ("#title", ["h1"]),
        ("p.error", ["p"]),
        ("p.field-error.error#id_stage_error", ["p"]),
        ("form input[name=stage]", ["input", "input"]),
        ("input[checked]", ["input"]),
        ("input[value=growing]", ["input"]),
        ('button[value="next"]', ["button"]),
        ("form p", ["p"]),
        ("section p", []),
        ("br", ["br"]),
    ],
)
def test_selectors_match_exactly_the_elements_they_name(selector: str, found: list[str]) -> None:
    page = parse(PAGE)

    tags = [element.tag for element in page.all(selector)]

    assert tags == found


@pytest.mark.parametrize("selector", ["body > p", "a, p", "p:first-child", "a[href^=http]"])
def test_a_selector_it_cannot_read_is_an_error_not_an_empty_match(selector: str) -> None:
    page = parse(PAGE)

    with pytest.raises(ValueError, match="Unsupported selector"):
        page.all(selector)


def test_void_elements_do_not_swallow_what_follows_and_attributes_are_kept() -> None:
    page = parse(PAGE)

    form = page.one("form")
    assert [element.tag for element in form.elements] == ["input", "input", "br", "p", "button"]
    assert page.checked("stage") == ["growing"]
    assert page.one("body").get("hx-headers") == '{"X-CSRFToken": "abc"}'
    assert (form.get("action"), form.get("method")) == ("/q/", "post")


def test_one_refuses_none_or_several() -> None:
    page = parse(PAGE)

    with pytest.raises(AssertionError, match="0 elements match 'section'"):
        page.one("section")
    with pytest.raises(AssertionError, match="2 elements match 'input'"):
        page.one("input")
