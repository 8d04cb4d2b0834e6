"""Build time at scale: what each stage of a build costs on a synthetic corpus.

The stages of :func:`aigraph.dataset.dataset_quads` (the stated content, the build id, the
inferred graph, the VoID description) are timed one by one, then the whole of it, then
:func:`aigraph.store.write_store` into a fresh folder. SHACL validation is not run at this
size (``aigraph build`` validates; the tests validate small graphs). Each figure is the
median of ``--repeats`` runs in this one process; the inferred triples are counted by kind
(``rdf:type`` and others). The peak memory is the harness's, which holds the stages' results
side by side, so it is above a build's.

Usage: ``python bench/build_time.py [--articles N] [--seed S] [--repeats R]``. The Markdown
report goes to stdout, progress to stderr. A measuring tool: it exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: import the package `bench` from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from bench.console import out, say
from bench.machine import loadavg
from bench.settings import ROOT
from bench.tables import markdown, num

DEFAULT_ARTICLES = 1160  # about a million distinct triples, as in bench/scale.py
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES,
                        help=f"synthetic articles (default {DEFAULT_ARTICLES}, ~1M triples)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each stage")
    return parser.parse_args(argv)


def timed(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The median seconds of ``repeats`` runs of ``work``, and what the last run returned.
    Each runs as ``dataset_quads`` runs its stages, with the cyclic collector paused (it
    collects between runs)."""
    seconds, result = [], None
    for _ in range(repeats):
        del result
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = work()
            seconds.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return statistics.median(seconds), result


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Every stage's time, the sizes, and the peak resident memory of this process."""
    from aigraph import dataset
    from aigraph.config import Settings
    from aigraph.store import write_store
    from aigraph.synthetic import synthetic_inputs

    settings = Settings(root=ROOT, build_time=BUILD_TIME)
    say(f"inventing {args.articles} articles")
    inputs = synthetic_inputs(args.articles, args.seed, settings=settings)
    n = args.repeats
    found: dict[str, Any] = {"articles": args.articles, "load_before": loadavg()}
    stages(inputs, settings, n, found)
    say("the whole of dataset_quads")
    found["dataset_quads_s"], (quads, ident) = timed(
        n, lambda: dataset.dataset_quads(inputs, settings))
    found["quads"] = len(quads)
    found["triples"] = dataset.served_triples(quads, settings)
    say("write_store")
    with tempfile.TemporaryDirectory() as folder:
        target = settings.with_(store_dir=Path(folder) / "var" / "store")
        found["write_store_s"], _ = timed(1, lambda: write_store(quads, target, ident))
    found["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found["load_after"] = loadavg()
    return found


def stages(inputs: Any, settings: Any, n: int, found: dict[str, Any]) -> None:
    """Time each stage of ``dataset_quads`` into ``found``; count the inferred triples."""
    from aigraph import dataset
    from aigraph.infer import split_by_kind
    from aigraph.void import void_quads

    seconds, content = timed(n, lambda: dataset.content_quads(inputs, settings))
    found["content_s"], found["stated_quads"] = seconds, len(content)
    found["build_id_s"], ident = timed(n, lambda: dataset.build_id(content))
    seconds, inferred = timed(n, lambda: dataset.inferred_quads(content, settings))
    found["inferred_s"] = seconds
    found["inferred_types"], found["inferred_other"] = split_by_kind(inferred)
    keys = [a.key for a in inputs.articles]
    described = content + inferred + dataset.provenance_quads(keys, settings, ident, True)
    found["void_s"], _ = timed(n, lambda: void_quads(described, keys, settings,
                                                     dataset.FIXED_GRAPHS))


def report(found: dict[str, Any]) -> None:
    out(f"# Build time: {found['articles']} synthetic articles, {found['triples']:,} triples "
        f"({found['stated_quads']:,} stated quads, {found['quads']:,} in all)")
    out()
    stages = [("stated content (content_quads)", "content_s"), ("build id", "build_id_s"),
              ("inferred graph (inferred_quads)", "inferred_s"), ("VoID (void_quads)", "void_s"),
              ("all of dataset_quads", "dataset_quads_s"), ("write_store", "write_store_s")]
    for line in markdown(["stage", "seconds"], [[name, num(found[key])]
                                                for name, key in stages]):
        out(line)
    out()
    out(f"Inferred: {found['inferred_types'] + found['inferred_other']:,} triples "
        f"({found['inferred_types']:,} rdf:type, {found['inferred_other']:,} other). "
        f"Harness peak memory {found['peak_mib']:.0f} MiB; load average "
        f"{found['load_before']} before, {found['load_after']} after.")


def main(argv: list[str] | None = None) -> int:
    report(measure(arguments(sys.argv[1:] if argv is None else argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
