"""A whole synthetic article: byline, date, headline, the reporter's statements and plain
sentences around them, with the statements as the facts file would give them."""

from __future__ import annotations

import random
from pathlib import Path

from aigraph.articles import Article
from aigraph.facts import STATEMENT_KINDS, Facts, Statement
from aigraph.synthetic.reporter import Reporter
from aigraph.synthetic.shape import Shape
from aigraph.synthetic.story import Fact
from aigraph.synthetic.words import MEDIA, REGIONS
from aigraph.synthetic.world import PUBLISHERS, World


def write_article(world: World, rng: random.Random, key: str,
                  shape: Shape) -> tuple[Article, Facts]:
    """One article under ``key``, about as long as ``shape`` says, and its reviewed facts.

    :raises ValueError: if a statement's evidence is not in the article (a bug of this package).
    """
    story = Reporter(world, rng, key)
    r = rng
    size = min(2.5, max(0.45, r.lognormvariate(0, shape.spread))) / 1.08
    n = {kind: story.count(mean * size) for kind, mean in shape.statements.items()}
    publisher = _publisher(story)
    author = _author(story, publisher)
    story.say(story.plain())
    story.event_block(n["event"])
    story.participations(n["participation"])
    story.memberships(n["membership"])
    story.figures(n["figure"])
    story.agreements(n["agreement"])
    story.facilities(n["facility"])
    story.organizations(n["organization"])
    story.descriptions(n["entity"])
    paragraphs = story.paragraphs
    sentences = sum(len(p) for p in paragraphs)
    for _ in range(max(0, story.count(shape.sentences * size) - sentences)):
        at = r.randrange(len(paragraphs))
        paragraphs[at].insert(r.randint(0, len(paragraphs[at])), story.plain())
    lines = [" ".join(p) for p in paragraphs if p]
    if r.random() < 0.5:
        caption = f"▲ {story.region} {story.field} 행사 모습."
        lines[r.randrange(len(lines))] += "\n" + caption
        lines.append(caption)
    lines.append(f"{story.region}={world.ko(author)} 기자")
    title = f"{story.region}, {story.field} 산업 육성 박차… {_headline(story)}"
    meta = {"title": title, "publisher": publisher, "author": author, "language": "ko"}
    meta.update(_article_date(story))
    path = Path("articles") / f"{key}.md"
    article = Article(key, path, "\n".join(lines) + "\n", meta)
    return article, Facts(key, Path("facts") / f"{key}.yaml", True,
                          [_statement(article, fact, i + 1)
                           for i, fact in enumerate(story.facts)])


def _article_date(story: Reporter) -> dict[str, str]:
    roll = story.rng.random()
    if roll < 0.45:
        return {"date": f"{story.year}-{story.month:02d}-{story.day:02d}",
                "date_basis": "stated"}
    if roll < 0.6:
        return {"date": f"{story.year}-{story.month:02d}", "date_basis": "inferred",
                "date_note": "본문의 행사 일정에서 연월 추정"}
    return {"date": str(story.year), "date_basis": "inferred",
            "date_note": "본문에 날짜 없음; 행사명과 문맥에서 연도 추정"}


def _headline(story: Reporter) -> str:
    return f"'{story.w.ko(story.events[0])}' 개최" if story.events else "지원 사업 본격화"


def _publisher(story: Reporter) -> str:
    """A news outlet, the earlier ones more often (made on the world's first article)."""
    w = story.w
    if not w.media:
        w.media = [f"org/{k}" for k in PUBLISHERS if f"org/{k}" in w.entities]
        w.media += [w.add("org", (f"{g}{m}", f"{eg} {em}"), "media")
                    for (g, eg), (m, em) in zip(REGIONS[:8], MEDIA * 2, strict=True)]
    outlets = w.media
    return story.rng.choices(outlets, weights=range(len(outlets), 0, -1))[0]


def _author(story: Reporter, publisher: str) -> str:
    """A reporter of the outlet: one of its staff, or a new one who joins it."""
    w = story.w
    staff = w.fixed(publisher, "staff", list)
    if staff and story.rng.random() < 0.8:
        return str(story.rng.choice(staff))
    person = w.new_person()
    w.fixed(person, "org", lambda: publisher)
    w.fixed(person, "role", lambda: w.concept("role", "reporter"))
    staff.append(person)
    return person


def _statement(article: Article, fact: Fact, line: int) -> Statement:
    """A statement as :func:`~aigraph.facts.load_facts` would make it from its file.

    :raises ValueError: if the evidence is not in the article (a bug of this package).
    """
    kind, values, evidence = fact
    unknown = set(values) - set(STATEMENT_KINDS[kind])
    span = article.locate(evidence)
    if span is None or unknown:
        raise ValueError(f"bad synthetic {kind} statement: {evidence!r} {sorted(unknown)}")
    sentences = tuple(s.n for s in article.sentences_of(*span))
    return Statement(kind, values, evidence, span[0], span[1], sentences, line)

