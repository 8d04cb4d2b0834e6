"""The page language: ``?lang=`` first, then ``Accept-Language``, else Korean."""

from __future__ import annotations

from fastapi import Request

from aigraph.server.cache import note_vary

UI = {
    "ko": {"types": "유형", "outgoing": "나가는 연결", "incoming": "들어오는 연결",
           "facts": "사실과 근거", "evidence": "근거 문장", "mentioned": "언급한 기사",
           "aliases": "다른 이름", "formats": "다른 형식", "query": "편집기에서 질의",
           "queries": "저장된 질의", "parameters": "매개변수", "run": "실행",
           "results": "결과", "truncated": "결과가 잘렸습니다", "home": "처음",
           "ontology": "온톨로지", "sentences": "문장", "not_found": "찾을 수 없습니다",
           "dumps": "전체 내려받기", "described": "서술된 문장", "open_editor": "편집기에서 열기",
           "classes": "클래스", "properties": "속성", "error": "오류", "lang": "English",
           "description": "설명", "draft": "검토 전 초안", "confidence": "신뢰도",
           "yes": "예", "no": "아니오", "no_evidence": "근거 문장이 없는 사실",
           "footer": "데이터와 온톨로지", "same_as": "같은 대상"},
    "en": {"types": "Types", "outgoing": "Links out", "incoming": "Links in",
           "facts": "Facts and evidence", "evidence": "Evidence", "mentioned": "Mentioned in",
           "aliases": "Also known as", "formats": "Other formats", "query": "Query in editor",
           "queries": "Saved queries", "parameters": "Parameters", "run": "Run",
           "results": "Results", "truncated": "The answer was truncated", "home": "Home",
           "ontology": "Ontology", "sentences": "Sentences", "not_found": "Not found",
           "dumps": "Downloads", "described": "Described in", "open_editor": "Open in editor",
           "classes": "Classes", "properties": "Properties", "error": "Error", "lang": "한국어",
           "description": "Description", "draft": "draft, not reviewed",
           "confidence": "confidence", "yes": "yes", "no": "no",
           "no_evidence": "Facts without an evidence sentence", "footer": "Data and ontology",
           "same_as": "Same as"},
}


def pick_language(request: Request) -> str:
    """``ko`` or ``en`` for this request; when ``Accept-Language`` decides, the answer
    varies by it (see :func:`aigraph.server.cache.note_vary`)."""
    asked = request.query_params.get("lang", "").lower()
    if asked in UI:
        return asked
    note_vary(request, "Accept-Language")
    best, best_q = "ko", 0.0
    for r in parse_accept_language(request.headers.get("accept-language")):
        if r[0] in UI and r[1] > best_q:
            best, best_q = r[0], r[1]
    return best


def parse_accept_language(header: str | None) -> list[tuple[str, float]]:
    """Language ranges with their quality: ``"en-US,ko;q=0.5"`` → ``[("en", 1.0), ("ko", .5)]``."""
    out = []
    for item in (header or "").split(","):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag:
            out.append((tag.split("-")[0].lower(), q))
    return out


#: How the page names the values of ``aig:dateBasis`` (the ontology's definition says what
#: each means).
DATE_BASIS = {
    "ko": {"stated": "본문에 명시", "resolved": "기사 날짜 기준으로 해석",
           "inferred": "문맥에서 추정"},
    "en": {"stated": "stated in the text", "resolved": "resolved against the article's date",
           "inferred": "inferred from context"},
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def show_literal(value: str, datatype: str, lang: str, predicate: str = "") -> str:
    """A literal as a reader of ``lang`` expects it: booleans as yes/no, dates spelled out
    at their precision, integers grouped by thousands, date bases named; anything else as is."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if datatype == xsd + "boolean":
        return UI[lang]["yes" if value in ("true", "1") else "no"]
    if predicate.endswith("#dateBasis"):
        return DATE_BASIS[lang].get(value, value)
    if datatype in (xsd + "integer", xsd + "long", xsd + "int") and value.lstrip("-").isdigit():
        return f"{int(value):,}"
    parts = value.split("-") if datatype in (xsd + "date", xsd + "gYearMonth") else []
    if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
        year, month = parts[0], int(parts[1])
        day = int(parts[2]) if len(parts) == 3 else None
        if not 1 <= month <= 12:
            return value
        if lang == "ko":
            return f"{year}년 {month}월" + (f" {day}일" if day else "")
        return (f"{day} " if day else "") + f"{MONTHS[month - 1]} {year}"
    if datatype == xsd + "gYear" and value.isdigit():
        return f"{value}년" if lang == "ko" else value
    return value


def texts(request: Request) -> dict[str, str]:
    return UI[pick_language(request)]

