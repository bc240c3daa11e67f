"""The shared hardened parser refuses what it must, and says where."""

from __future__ import annotations

import io

import pytest

from dico_sdk._xmlsafe import iterparse_untrusted, parse_untrusted
from dico_sdk.errors import SecurityError, XmlSyntaxError


def test_parses_well_formed_bytes_with_lines() -> None:
    root = parse_untrusted(b"<a>\n  <b>x</b>\n</a>")
    assert root.tag == "a"
    assert root[0].sourceline == 2


def test_truncated_document_names_line() -> None:
    with pytest.raises(XmlSyntaxError) as info:
        parse_untrusted(b"<a>\n<b>x</b>\n")
    assert info.value.line is not None
    assert not str(info.value).endswith(f"column {info.value.column}")  # named once, first
    assert str(info.value).startswith(f"line {info.value.line}, column")


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
        b'<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><a>&b;</a>',
        b"<!DOCTYPE a><a/>",
    ],
)
def test_any_doctype_is_refused(doc: bytes) -> None:
    with pytest.raises(SecurityError) as info:
        parse_untrusted(doc)
    assert info.value.reason == "doctype"


def test_size_limit_applies_before_parsing() -> None:
    with pytest.raises(SecurityError) as info:
        parse_untrusted(b"<a>" + b"x" * 100 + b"</a>", max_size=50)
    assert (info.value.reason, info.value.limit) == ("size", 50)


def test_deep_nesting_is_refused() -> None:
    depth = 5000
    with pytest.raises(SecurityError) as info:
        parse_untrusted(b"<a>" * depth + b"</a>" * depth)
    assert info.value.reason == "depth"


def test_undefined_entity_is_refused() -> None:
    with pytest.raises(SecurityError) as info:
        parse_untrusted(b"<a>&nope;</a>")
    assert info.value.reason == "entity"


def test_str_is_refused_with_type_error() -> None:
    with pytest.raises(TypeError):
        parse_untrusted("<a/>")  # type: ignore[arg-type]


def test_doctype_in_utf16_is_refused_after_parsing() -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16")
    with pytest.raises(SecurityError) as info:
        parse_untrusted(doc)
    assert info.value.reason == "doctype"


def test_doctype_text_inside_cdata_is_content_not_a_doctype() -> None:
    root = parse_untrusted(b"<a><![CDATA[<!DOCTYPE x>]]></a>")
    assert root.text == "<!DOCTYPE x>"


def test_external_dtd_the_byte_scan_cannot_see_is_refused_not_loaded() -> None:
    # libxml2 asks for an external DTD even with load_dtd=False; the parser's resolver refuses.
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a SYSTEM "file:///dev/stdin"><a/>'
    with pytest.raises(SecurityError, match="external resource") as info:
        parse_untrusted(doc.encode("utf-16"))
    assert info.value.reason == "doctype"


SPLIT = b"<a><b>VVE-2026<!-- split -->-01<?pi here?>42</b><c>x<!--c--><d/>y</c></a>"


def test_comments_and_processing_instructions_do_not_split_a_value() -> None:
    # Kept in the tree, they would leave .text as "VVE-2026" while XSD validation sees the whole.
    root = parse_untrusted(SPLIT)
    assert root[0].text == "VVE-2026-0142"
    assert (root[1].text, root[1][0].tag, root[1][0].tail) == ("x", "d", "y")
    assert len(root[0]) == 0


def test_the_streaming_parser_joins_them_too() -> None:
    ends = {e.tag: e.text for _, e in iterparse_untrusted(io.BytesIO(SPLIT), events=("end",))}
    assert ends["b"] == "VVE-2026-0142"
