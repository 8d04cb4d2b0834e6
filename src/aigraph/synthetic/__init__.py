"""A synthetic news graph of any size, shaped like the reviewed corpus.

:func:`synthetic_inputs` invents articles (Korean sentences, dates at the precision a text
gives), registry entries (organisations, people, events, agreements, facilities, targets,
places) and reviewed facts of all eight kinds, each quoting its evidence from its article's
text. It returns the :class:`~aigraph.dataset.Inputs` a build reads, so the project's own
:func:`~aigraph.dataset.dataset_quads` makes the quads (:func:`synthetic_quads`) and a
synthetic graph has the real one's shape: the same graphs, n-ary nodes and provenance.

The vocabulary (titles, event roles, event and agreement types, metrics, funding sources) and
the real organisations, people, places and facilities come from the project's registry; the
rest is invented (:mod:`~aigraph.synthetic.words`). Entities recur across articles as
:mod:`~aigraph.synthetic.world` says, in the proportions of the five reviewed articles
(:class:`Shape`). Equal arguments give equal inputs.

About a million triples (1,160 articles) take under a minute and about 1.2 GB::

    settings = Settings(root=Path("."))
    quads, build_id = synthetic_quads(1160, seed=0, settings=settings)
    write_inputs(synthetic_inputs(20, settings=settings), Path("var/synthetic/data"))
"""

from aigraph.synthetic.inputs import synthetic_inputs, synthetic_quads, write_inputs
from aigraph.synthetic.shape import MEASURED, Shape

__all__ = ["MEASURED", "Shape", "synthetic_inputs", "synthetic_quads", "write_inputs"]
