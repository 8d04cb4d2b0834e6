"""Korean text → draft facts: Kiwi words, rules and general lexicons, linked to the registry.

``Extractor(registry).extract(article)`` gives a :class:`Draft`; :mod:`aigraph.extract.drafts`
writes drafts in the reviewed-facts format and adds articles to the project;
:mod:`aigraph.extract.evaluate` scores drafts against the reviewed facts.
"""

from aigraph.extract.pipeline import EXTRACTOR, Draft, DraftFact, Extractor

__all__ = ["EXTRACTOR", "Draft", "DraftFact", "Extractor"]
