"""How much an average synthetic article holds, measured on the reviewed articles."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shape:
    """What an average article holds, as measured on the five reviewed articles.

    :param statements: statements per article, by kind.
    :param new: the probability that a mention names an entity no earlier article named,
        by kind (measured in article order; events and agreements, never repeated in five
        articles, are given some reuse).
    :param sentences: sentences per article (facts' sentences plus plain ones).
    :param spread: how much articles vary in length (the sigma of a log-normal factor).
    """

    statements: dict[str, float] = field(default_factory=lambda: {
        "participation": 9.8, "membership": 7.8, "figure": 7.6, "entity": 7.4, "event": 5.8,
        "facility": 3.6, "organization": 3.6, "agreement": 1.4})
    new: dict[str, float] = field(default_factory=lambda: {
        "org": 0.79, "person": 0.94, "facility": 0.53, "place": 0.44, "event": 0.9,
        "agreement": 0.95, "target": 0.92})
    sentences: float = 52.0
    spread: float = 0.4


MEASURED = Shape()
