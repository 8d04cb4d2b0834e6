"""SHACL validation at scale: the fast engine (aigraph.shacl) beside pySHACL.

Each measurement runs in a process of its own (``--one ENGINE ARTICLES``), so that its peak
memory is its own: the corpus is planned (the project's five articles, or a synthetic corpus
written by ``aigraph synthesize`` into ``--work``), then validated once, timed. pySHACL runs
only up to ``--pyshacl-max`` articles (at 1,200 it takes about a quarter of an hour); the
per-article pySHACL run in parallel processes is not measured (an article's graph alone lacks
the registry's entities its facts point to, so it would not give the same results).

Usage: ``python bench/validation.py [--sizes 5,150,1200] [--work DIR]``. The Markdown report
goes to stdout, progress to stderr. A measuring tool: it exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as a file: import the package `bench` from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from bench.console import out, say
from bench.settings import ROOT
from bench.tables import markdown

AIGRAPH = Path(sys.executable).parent / "aigraph"


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,150,1200",
                        help="corpus sizes in articles; 5 is the project's own corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/aigraph-validation"),
                        help="where the synthetic corpora are written")
    parser.add_argument("--pyshacl-max", type=int, default=150,
                        help="largest corpus pySHACL is run on")
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "ARTICLES", "ROOT"),
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(engine: str, articles: int, root: Path) -> dict[str, object]:
    """Plan the corpus, validate it once; the figures as a dict."""
    from aigraph.build import plan
    from aigraph.config import Settings
    from aigraph.validate import shape_problems

    settings = Settings(root=root)
    quads = plan(settings)[0]
    before = peak_mib()
    started = time.perf_counter()
    problems = shape_problems(quads, settings.ontology_dir, engine=engine)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return {"engine": engine, "articles": articles, "quads": len(quads), "seconds": seconds,
            "problems": len(problems), "peak_mib": peak_mib(), "before_mib": before}


def corpus(articles: int, work: Path) -> Path:
    if articles == 5:
        return ROOT
    folder = work / f"a{articles}"
    if not (folder / "data").exists():
        say(f"writing {articles} synthetic articles into {folder}")
        subprocess.run([str(AIGRAPH), "synthesize", "--articles", str(articles), "-o",
                        str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder


def measure(engine: str, articles: int, root: Path) -> dict[str, object]:
    say(f"{engine} at {articles} articles")
    done = subprocess.run([sys.executable, __file__, "--one", engine, str(articles), str(root)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    args = arguments(argv)
    if args.one:
        engine, articles, root = args.one
        out(json.dumps(one(engine, int(articles), Path(root))))
        return 0
    rows = []
    for articles in (int(n) for n in args.sizes.split(",")):
        root = corpus(articles, args.work)
        for engine in ("fast", "pyshacl"):
            if engine == "pyshacl" and articles > args.pyshacl_max:
                rows.append([engine, f"{articles:,}", "", "skipped (about 15 min at 1,200)",
                             "", "", ""])
                continue
            r = measure(engine, articles, root)
            rows.append([engine, f"{articles:,}", f"{r['quads']:,}", f"{r['seconds']:.2f}",
                         f"{r['peak_mib']:.0f}",
                         f"{float(r['peak_mib']) - float(r['before_mib']):.0f}",  # type: ignore[arg-type]
                         str(r["problems"])])
    out("# SHACL validation at scale\n")
    out("\n".join(markdown(["engine", "articles", "quads", "seconds", "peak MiB",
                  "of which validation", "problems"], rows)))
    out("\nSeconds: one validation of the planned quads (shapes compiled, data indexed, "
        "SPARQL store built, constraints checked), in a process of its own. Peak MiB: the "
        "process's peak resident memory; 'of which validation': its rise during validation.")
    out("\nThe Rust SHACL engines pyrudof and maplib are on the package index the project "
        "uses (`pip download pyrudof --no-deps` succeeds) but are not measured here.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
