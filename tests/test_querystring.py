"""Query strings and form bodies decode exactly as the standard library decodes them."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aigraph.errors import QueryError
from aigraph.server.querystring import pairs


def standard(raw: bytes) -> list[tuple[str, str]] | str:
    """What ``urllib.parse`` gives, strictly, or ``"error"``."""
    try:
        return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8",
                         errors="strict")
    except UnicodeDecodeError:
        return "error"


def ours(raw: bytes) -> list[tuple[str, str]] | str:
    try:
        return pairs(raw, "URL query string")
    except QueryError:
        return "error"


@pytest.mark.parametrize(("raw", "expected"), [
    (b"query=a+b", [("query", "a b")]),
    (b"query=a%2Bb", [("query", "a+b")]),
    (b"query=%ZZ%4", [("query", "%ZZ%4")]),
    (b"query=%4%41", [("query", "%4A")]),
    (b"query=%2541", [("query", "%41")]),
    (b"query=%ED%95%9C%EA%B8%80", [("query", "한글")]),
    (b"query=%ed%95%9c", [("query", "한")]),
    (b"query=&format=", [("query", ""), ("format", "")]),
    (b"query", [("query", "")]),
    (b"a=1&&a=2&", [("a", "1"), ("a", "2")]),
    (b"a=b=c", [("a", "b=c")]),
    (b"q=%5Cx41\\x42\\", [("q", "\\x41\\x42\\")]),
    (b"q=\\%ZZ%41", [("q", "\\%ZZA")]),
    (b"q=%00%0A%0D%7F", [("q", "\x00\n\r\x7f")]),
    (b"%71uery=x;y", [("query", "x;y")]),
    (b"", []),
    (b"query=%FF", "error"),
    (b"query=%C3", "error"),
    (b"query=%ED%95", "error"),
    ("query=한".encode(), "error"),
])
def test_tricky_texts_decode_as_the_standard_library_does(raw: bytes, expected: object) -> None:
    assert ours(raw) == expected
    if raw.isascii():
        assert standard(raw) == expected


PIECES = st.sampled_from(["%", "+", "&", "=", "a", "Z", "0", "\\", "x", ";", " ", "%2B", "%ZZ",
                          "%4", "%25", "%41", "%2a", "%ED%95%9C", "%ff", "%C3", "%0A", "%5C"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_any_ascii_text_decodes_as_the_standard_library_does(text: str) -> None:
    raw = text.encode("ascii")
    assert ours(raw) == standard(raw)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text()), max_size=4))
def test_any_encoded_form_round_trips(items: list[tuple[str, str]]) -> None:
    for encode in (quote_plus, lambda text: quote(text, safe="")):
        raw = "&".join(f"{encode(k)}={encode(v)}" for k, v in items).encode("ascii")
        assert ours(raw) == standard(raw)
        assert ours(raw) == items


def test_raw_non_ascii_bytes_are_refused_by_name() -> None:
    with pytest.raises(QueryError, match="form body holds raw non-ASCII"):
        pairs("query=é".encode(), "form body")
