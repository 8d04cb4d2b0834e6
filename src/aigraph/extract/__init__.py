"""Korean text → draft facts: Kiwi words, rules and general lexicons, linked to the registry.

``Extractor(registry).extract(article)`` gives a :class:`Draft`; :mod:`aigraph.extract.drafts`
writes drafts in the reviewed-facts format and adds articles to the project;
:mod:`aigraph.extract.evaluate` scores drafts against gold facts.
"""

from aigraph.extract.draft import EXTRACTOR, Draft, DraftFact
from aigraph.extract.pipeline import Extractor

__all__ = ["EXTRACTOR", "Draft", "DraftFact", "Extractor"]
