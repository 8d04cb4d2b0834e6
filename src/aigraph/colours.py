"""One colour per class, the same in every graph view, legend and export (GEXF ``viz:color``,
yEd's node fill): the Okabe–Ito palette, which stays distinguishable with the common forms
of colour blindness."""

from __future__ import annotations

#: The colour of each class by its local name; subclasses of Target share its colour.
CLASS_COLOURS: dict[str, str] = {
    "Organization": "#0072B2",
    "Person": "#E69F00",
    "Event": "#009E73",
    "Agreement": "#CC79A7",
    "Facility": "#D55E00",
    "Target": "#C9B400",
    "Goal": "#C9B400",
    "Budget": "#C9B400",
    "Statistic": "#C9B400",
    "Place": "#56B4E9",
    "Article": "#7F7F7F",
    "Membership": "#B0B0B0",
    "Participation": "#B0B0B0",
    "Role": "#5F5F5F",
}
#: Anything else (concepts, values, classes of other vocabularies).
OTHER = "#9A9A9A"


def colour(cls: str) -> str:
    """The colour of a class given by its local name (``Organization``) or IRI."""
    return CLASS_COLOURS.get(cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1], OTHER)


def rgb(cls: str) -> tuple[int, int, int]:
    """The colour of a class as red, green and blue from 0 to 255."""
    value = colour(cls).lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
