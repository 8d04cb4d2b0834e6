"""Articles: front matter, unchanged bodies, sentences with offsets, clear errors."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from aigraph.articles import list_articles, read_article, split_sentences
from aigraph.errors import ArticleError

ROOT = Path(__file__).resolve().parent.parent
#: SHA-256 of each article body as published (the seed files): bodies must stay unchanged.
PUBLISHED = {
    "000_7b0d44fbd805e180": "1d9fcf0f3b09c1be4f3ad3c93c65f12c798ce2b0c8c1cb662641f1189af0b062",
    "001_6bd73d06d3be9202": "d61830df5baa97c84d98728145a1973526fe3a3756aa1c9c5017ff1c55477978",
    "002_5f85fdd0b0859a0c": "167576eb63c84b6f1b3fdec3a7a688c5245c77c9b15e9032f7c0c6c858071090",
    "003_1397a4511c9db210": "97dcf15cc88f88b05bc51b6ad3e3010c5bf66e53fda69eeaef9dbd78fb8ad0f3",
    "004_c7d5fc48eb6dfa79": "0b1f1392c35e7cfd51a3d1429b6f1606acfa7e85ecbaddfb0d41da89c28db9c9",
}


def write(tmp_path: Path, content: bytes | str, name: str = "a.md") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_the_corpus_holds_the_five_published_articles_with_bodies_unchanged() -> None:
    articles = [read_article(p) for p in list_articles(ROOT / "data" / "articles")]
    assert {a.key: hashlib.sha256(a.body.encode()).hexdigest() for a in articles} == PUBLISHED


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_every_article_has_complete_front_matter(key: str) -> None:
    article = read_article(ROOT / "data" / "articles" / f"{key}.md")
    assert {"title", "publisher", "author", "date", "date_basis", "language"} <= set(
        article.meta)
    assert article.meta["language"] == "ko"
    assert unicodedata.is_normalized("NFC", article.body)


def test_dates_are_recorded_at_the_precision_the_text_supports() -> None:
    dates = {p.stem: (a.meta["date"], a.meta["date_basis"]) for p in
             list_articles(ROOT / "data" / "articles") for a in [read_article(p)]}
    assert dates == {
        "000_7b0d44fbd805e180": ("2022", "inferred"),
        "001_6bd73d06d3be9202": ("2023-11-22", "stated"),
        "002_5f85fdd0b0859a0c": ("2020", "inferred"),
        "003_1397a4511c9db210": ("2020-01-29", "stated"),
        "004_c7d5fc48eb6dfa79": ("2019", "inferred"),
    }


def test_a_plain_text_file_without_front_matter_is_an_article(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "광주시가 포럼을 열었다. 참석자는 100명이다.", "x.txt"))
    assert article.meta == {}
    assert [s.text for s in article.sentences] == ["광주시가 포럼을 열었다.", "참석자는 100명이다."]


def test_sentences_carry_offsets_into_the_body() -> None:
    body = "첫 문장이다. 둘째 문장이다!\n\n  셋째 줄”\n"
    for s in split_sentences(body):
        assert body[s.start:s.end] == s.text
    assert [s.n for s in split_sentences(body)] == [1, 2, 3]


def test_a_repeated_sentence_points_at_its_first_copy() -> None:
    sentences = split_sentences("같은 문장이다.\n다른 문장.\n같은 문장이다.")
    assert [s.repeat_of for s in sentences] == [None, None, 1]


def test_the_repeated_block_of_article_004_is_marked_as_repeats() -> None:
    article = read_article(ROOT / "data" / "articles" / "004_c7d5fc48eb6dfa79.md")
    repeats = [s for s in article.sentences if s.repeat_of is not None]
    assert len(repeats) > 20
    assert all(article.sentences[s.repeat_of - 1].text == s.text for s in repeats)


def test_a_sentence_wrapped_over_lines_is_one_sentence() -> None:
    body = ("시는 10일 오후 시청 대회의실에서\n데이터 포럼을 열었다.\n"
            "포럼에는 김철수 원장,\n이영희 교수 등\n50여명이 참석했다.\n")
    sentences = split_sentences(body)
    assert [s.text.split() for s in sentences] == [
        "시는 10일 오후 시청 대회의실에서 데이터 포럼을 열었다.".split(),
        "포럼에는 김철수 원장, 이영희 교수 등 50여명이 참석했다.".split()]
    assert all(body[s.start:s.end] == s.text for s in sentences)


@pytest.mark.parametrize("body", [
    "AI 투자 성과\n시는 올해 투자를 늘렸다.\n",   # a headline ending in a noun
    "사업단 출범 논의\n\"집적단지 내실화\"\n",      # headline lines that never end a sentence
    "▶ 홍길동 / 시장\n올해가 중요합니다.\n",          # a speaker's caption
    "홍길동 기자 hong@example.com\n시는 이날 포럼을 열었다.\n",  # a byline
])
def test_headlines_captions_and_bylines_stay_apart(body: str) -> None:
    assert len(split_sentences(body)) == 2


def test_the_wrapped_sentences_of_article_002_carry_their_claims() -> None:
    article = read_article(ROOT / "data" / "articles" / "002_5f85fdd0b0859a0c.md")
    texts = [" ".join(s.text.split()) for s in article.sentences]
    assert ("광주광역시가 5일 오전 광주과학기술진흥원에서 인공지능 산업육성 조찬포럼을 "
            "열었습니다.") in texts


def test_non_utf8_bytes_are_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: x\n---\n첫 줄\n".encode() + b"\xff\xfe broken\n")
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert info.value.path == path and info.value.line == 5
    assert "UTF-8" in str(info.value)


def test_broken_front_matter_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: ok\ndate: [2020\n---\n본문이다.\n")
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert info.value.line is not None and info.value.line >= 3
    assert "front matter" in str(info.value)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="never closed"):
        read_article(write(tmp_path, "---\ntitle: x\n본문이다.\n"))


def test_an_unknown_front_matter_field_is_named(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="unknown front-matter field 'auther'") as info:
        read_article(write(tmp_path, "---\ntitle: x\nauther: 김\n---\n본문.\n"))
    assert info.value.line == 3


def test_a_malformed_date_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="2023-02-30") as info:
        read_article(write(tmp_path, "---\ndate: 2023-02-30\n---\n본문.\n"))
    assert info.value.line == 2


def test_an_empty_body_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="body is empty"):
        read_article(write(tmp_path, "---\ntitle: x\n---\n  \n\n"))


def test_text_is_nfc_normalised_on_reading(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "광주과학기술원이 발표했다.")
    article = read_article(write(tmp_path, decomposed, "d.txt"))
    assert article.body == "광주과학기술원이 발표했다."
