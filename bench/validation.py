"""SHACL validation at scale: the fast engine (aigraph.shacl) beside pySHACL and the Rust engines.

The candidates: ``fast`` (aigraph.shacl, the build's engine), ``pyshacl`` (the reference the
tests hold it to), and three engines written in Rust that are on the package index:
``pyshacl-turbo`` (a pySHACL-compatible API, with RDFS inference of its own), ``pyrudof``
(rudof's native SHACL engine; no inference) and ``maplib`` (its ``Model.validate``). The Rust
engines read the data as one N-Triples file: the union of the quads' triples plus the ontology
(``ontology/aigraph.ttl``), so that ``rdfs:subClassOf`` is in the data graph for SHACL's own
class-instance rule; writing that file is timed on its own ("export s"). pyshacl-turbo is run
as pySHACL is (``inference="rdfs"``); pyrudof and maplib have no RDFS inference.

What the runs found (the faults table shows it for each construct): pyshacl-turbo gives
pySHACL's results; pyrudof gives them too except where RDFS inference types a node (a node
typed only by an ``rdfs:range``, such as an untyped ``aig:operator``, is no target for it;
``rdfs:subClassOf`` targets work, through SHACL's own rule); maplib's open-source build has
no SHACL engine (``Model.validate`` panics "not implemented").

Each measurement runs in a process of its own (``--one ENGINE ARTICLES ROOT``), so that its peak
memory is its own: the corpus is planned (the project's five articles, or a synthetic corpus
written by ``aigraph synthesize`` into ``--work``), then validated once, timed. pySHACL runs
only up to ``--pyshacl-max`` articles (at 1,200 it takes about a quarter of an hour).

The corpora conform, so agreement on them only shows that no engine invents a result. The
"faults" run (``ARTICLES`` = ``faults``) plants one fault per construct of our shapes into the
project's corpus (a missing text, a Goal reached only through ``rdfs:subClassOf``, a bound
beyond its date for a SPARQL constraint, ...) and compares, fault by fault, each engine's
results with ours as multisets of (focus node, path, source shape).

Usage: ``python bench/validation.py [--sizes 5,150,1200] [--work DIR] [--engines ...]``. The
Markdown report goes to stdout, progress to stderr. A measuring tool: it exits 0 unless it
cannot run; an engine that is not installed, fails or times out gets a row that says so.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

if not __package__:  # run as a file: import the package `bench` from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from pyoxigraph import Quad, RdfFormat, Triple, parse, serialize

from bench.console import out, say, snippet
from bench.settings import ROOT
from bench.shaclfaults import faulty_quads
from bench.tables import markdown

AIGRAPH = Path(sys.executable).parent / "aigraph"
ENGINES = ("fast", "pyshacl", "pyshacl-turbo", "pyrudof", "maplib")
RUST = {"pyshacl-turbo": "pyshacl_turbo", "pyrudof": "pyrudof", "maplib": "maplib"}
SH = "http://www.w3.org/ns/shacl#"
Key = tuple[str, str, str]  # focus node, path, source shape


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,150,1200",
                        help="corpus sizes in articles; 5 is the project's own corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/aigraph-validation"),
                        help="where the synthetic corpora are written")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines to run")
    parser.add_argument("--pyshacl-max", type=int, default=150,
                        help="largest corpus pySHACL is run on")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds one engine may take on one corpus")
    parser.add_argument("--no-faults", action="store_true", help="skip the faults run")
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "ARTICLES", "ROOT"),
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- the engines


def _export(quads: list[Quad], ontology_dir: Path, path: Path) -> None:
    """The union of the quads' triples plus the ontology, as N-Triples."""
    triples = {Triple(q.subject, q.predicate, q.object) for q in quads}
    triples.update(parse(path=str(ontology_dir / "aigraph.ttl"), format=RdfFormat.TURTLE))
    serialize(triples, output=str(path), format=RdfFormat.N_TRIPLES)


def _turbo(data: Path, shapes: Path) -> list[Key]:
    import rdflib
    from pyshacl_turbo import validate

    _, report, _ = validate(str(data), shacl_graph=str(shapes), data_graph_format="nt",
                            shacl_graph_format="turtle", inference="rdfs", allow_warnings=True)
    return _report_keys(report, rdflib)


def _report_keys(report: object, rdflib: object) -> list[Key]:
    """(focus, path, source) of each sh:ValidationResult of an rdflib report graph."""
    sh = rdflib.Namespace(SH)  # type: ignore[attr-defined]

    def text(node: object) -> str:
        if isinstance(node, rdflib.BNode):  # type: ignore[attr-defined]
            return "_:"
        return "" if node is None else str(node)

    def path(node: object) -> str:
        if isinstance(node, rdflib.BNode):  # type: ignore[attr-defined]
            steps = list(rdflib.collection.Collection(report, node))  # type: ignore[attr-defined]
            return "/".join(f"<{s}>" for s in steps)
        return text(node)

    rdf_type = rdflib.RDF.type  # type: ignore[attr-defined]
    return [(text(report.value(r, sh.focusNode)), path(report.value(r, sh.resultPath)),  # type: ignore[attr-defined]
             text(report.value(r, sh.sourceShape)))  # type: ignore[attr-defined]
            for r in report.subjects(rdf_type, sh.ValidationResult)]  # type: ignore[attr-defined]


def _rudof(data: Path, shapes: Path) -> list[Key]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.Turtle)
    report = rudof.validate_shacl()

    def text(value: str | None) -> str:
        value = (value or "").strip()
        if value.startswith("_:"):
            return "_:"
        return value[1:-1] if value.startswith("<") and value.endswith(">") else value

    def path(value: str | None) -> str:  # a sequence path reads "(<a> / <b>)" or "(a / b)"
        value = (value or "").strip()
        if value.startswith("(") and " / " in value:
            return "/".join(f"<{text(step)}>" for step in value[1:-1].split(" / "))
        return text(value)

    return [(text(e.focus_node), path(e.path), text(e.source_shape)) for e in report]


def _maplib(data: Path, shapes: Path) -> list[Key]:
    import maplib

    model = maplib.Model()
    model.read(str(data), format="ntriples")
    model.read(str(shapes), format="turtle", graph="urn:x-aigraph:shapes")
    report = model.validate(shape_graph="urn:x-aigraph:shapes")
    frame = report.results()
    if frame is None:
        return []
    columns = {c.lower(): c for c in frame.columns}

    def column(*names: str) -> list[str]:
        name = next((columns[n] for n in names if n in columns), None)
        return [""] * frame.height if name is None else [
            str(v or "").strip("<>") for v in frame[name].to_list()]

    return list(zip(column("focus_node", "focusnode"), column("result_path", "path"),
                    column("source_shape", "sourceshape"), strict=True))


def one(engine: str, articles: str, root: Path) -> dict[str, object]:
    """Plan the corpus (or plant the faults), validate it once; the figures as a dict."""
    from aigraph.build import plan
    from aigraph.config import Settings

    settings = Settings(root=root)
    planted: dict[str, tuple[str, str, list[str]]] = {}
    if articles == "faults":
        quads, planted = faulty_quads(root)
    else:
        quads = plan(settings)[0]
    figures: dict[str, object] = {"engine": engine, "articles": articles, "quads": len(quads),
                                  "planted": planted}
    if engine in RUST:
        try:
            __import__(RUST[engine])
        except ImportError:
            return {**figures, "error": "not installed"}
    with tempfile.TemporaryDirectory(prefix="aigraph-shacl-") as folder:
        data = Path(folder) / "data.nt"
        if engine in RUST:
            started = time.perf_counter()
            _export(quads, settings.ontology_dir, data)
            figures["export"] = time.perf_counter() - started
        before = peak_mib()
        started = time.perf_counter()
        try:
            keys = _keys(engine, quads, settings.ontology_dir, data)
        except BaseException as exc:  # a Rust panic (pyo3's PanicException) is one
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            return {**figures, "error": f"{type(exc).__name__}: {snippet(str(exc))}"}
        seconds = time.perf_counter() - started
    return {**figures, "seconds": seconds, "results": len(keys), "keys": keys,
            "peak_mib": peak_mib(), "before_mib": before}


def _keys(engine: str, quads: list[Quad], ontology_dir: Path, data: Path) -> list[Key]:
    """One engine's results as (focus, path, source); a blank focus node as ``_:``."""
    from aigraph.validate import shape_problems

    if engine in ("fast", "pyshacl"):
        problems = shape_problems(quads, ontology_dir, engine=engine)  # type: ignore[arg-type]
        return [("_:" if p.focus.startswith("_:") else p.focus, p.path, p.source)
                for p in problems]
    run = {"pyshacl-turbo": _turbo, "pyrudof": _rudof, "maplib": _maplib}[engine]
    return run(data, ontology_dir / "shapes.ttl")


# --------------------------------------------------------------------------- the report


def corpus(articles: int, work: Path) -> Path:
    if articles == 5:
        return ROOT
    folder = work / f"a{articles}"
    if not (folder / "data").exists():
        say(f"writing {articles} synthetic articles into {folder}")
        subprocess.run([str(AIGRAPH), "synthesize", "--articles", str(articles), "-o",
                        str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder


def measure(engine: str, articles: str, root: Path, timeout: float) -> dict[str, object]:
    say(f"{engine} on the planted faults" if articles == "faults" else
        f"{engine} at {articles} articles")
    try:
        done = subprocess.run([sys.executable, __file__, "--one", engine, articles, str(root)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "articles": articles, "error": f"timed out ({timeout:.0f} s)"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:  # killed (memory) or crashed in native code
        return {"engine": engine, "articles": articles,
                "error": f"exit {done.returncode}: {snippet(done.stderr[-400:])}"}
    return json.loads(lines[-1])


def agreement(r: dict[str, object], reference: dict[str, object] | None) -> str:
    """Whether an engine's multiset of (focus, path, source) equals the fast engine's."""
    if reference is None or "keys" not in reference or "keys" not in r:
        return ""
    ours = Counter(tuple(k) for k in reference["keys"])  # type: ignore[attr-defined]
    theirs = Counter(tuple(k) for k in r["keys"])  # type: ignore[attr-defined]
    if ours == theirs:
        return "yes"
    return f"no: {sum((ours - theirs).values())} missed, {sum((theirs - ours).values())} extra"


def row(r: dict[str, object], reference: dict[str, object] | None) -> list[str]:
    articles = r["articles"]
    size = f"{int(articles):,}" if str(articles).isdigit() else str(articles)
    quads = f"{r['quads']:,}" if "quads" in r else ""
    if "error" in r:
        return [str(r["engine"]), size, quads, str(r["error"]), "", "", "", "", ""]
    export = r.get("export")
    return [str(r["engine"]), size, quads, f"{r['seconds']:.2f}",
            "" if export is None else f"{export:.2f}", f"{r['peak_mib']:.0f}",
            f"{float(r['peak_mib']) - float(r['before_mib']):.0f}",  # type: ignore[arg-type]
            str(r["results"]), agreement(r, reference)]


def by_fault(runs: list[dict[str, object]]) -> list[str]:
    """For each planted fault, whether each engine reports what the fast engine reports on
    the fault's focus nodes (✓), misses some (✗ n missed) or adds some (n extra)."""
    reference = next(r for r in runs if r["engine"] == "fast")
    planted: dict[str, list] = reference["planted"]  # type: ignore[assignment]
    engines = [r for r in runs if "keys" in r]
    table = []
    for _, (construct, shape, nodes) in sorted(planted.items(), key=lambda kv: int(kv[0])):
        cells = [construct, shape]
        for r in engines:
            ours = Counter(tuple(k) for k in reference["keys"] if k[0] in nodes)  # type: ignore[attr-defined]
            theirs = Counter(tuple(k) for k in r["keys"] if k[0] in nodes)  # type: ignore[attr-defined]
            missed, extra = sum((ours - theirs).values()), sum((theirs - ours).values())
            cells.append("✓" if not missed and not extra else
                         ", ".join(t for t in (f"{missed} missed" if missed else "",
                                               f"{extra} extra" if extra else "") if t))
        table.append(cells)
    everywhere = {n for _, _, nodes in planted.values() for n in nodes}
    cells = ["elsewhere (no fault planted)", ""]
    for r in engines:
        cells.append(str(sum(1 for k in r["keys"] if k[0] not in everywhere)))  # type: ignore[attr-defined]
    table.append(cells)
    return markdown(["construct", "shape", *(str(r["engine"]) for r in engines)], table)


def main(argv: list[str]) -> int:
    args = arguments(argv)
    if args.one:
        engine, articles, root = args.one
        out(json.dumps(one(engine, articles, Path(root))))
        return 0
    engines = [e for e in args.engines.split(",") if e]
    faults: list[dict[str, object]] = []
    if not args.no_faults:
        faults = [measure(e, "faults", ROOT, args.timeout) for e in engines]
    rows = []
    for articles in (int(n) for n in args.sizes.split(",")):
        root = corpus(articles, args.work)
        runs = []
        for engine in engines:
            if engine == "pyshacl" and articles > args.pyshacl_max:
                runs.append({"engine": engine, "articles": articles,
                             "error": f"skipped (above --pyshacl-max {args.pyshacl_max})"})
                continue
            runs.append(measure(engine, str(articles), root, args.timeout))
        reference = next((r for r in runs if r["engine"] == "fast"), None)
        rows.extend(row(r, reference) for r in runs)
    header = ["engine", "articles", "quads", "seconds", "export s", "peak MiB",
              "of which validation", "results", "same as fast"]
    out("# SHACL validation at scale\n")
    out("\n".join(markdown(header, rows)))
    out("\nSeconds: one validation (shapes read, data read or indexed, constraints checked), "
        "in a process of its own. Export s: writing the union of the quads' triples and the "
        "ontology as N-Triples, which the Rust engines read (their seconds include reading "
        "it). Peak MiB: the process's peak resident memory; 'of which validation': its rise "
        "during validation. Same as fast: the multiset of (focus node, path, source shape) "
        "equals the fast engine's (a blank focus node counts as any blank node).")
    if faults:
        reference = next((r for r in faults if r["engine"] == "fast"), None)
        out("\n## One planted fault per construct (the project's corpus)\n")
        out("\n".join(markdown(header, [row(r, reference) for r in faults])))
        if reference is not None and "keys" in reference:
            out("")
            out("\n".join(by_fault(faults)))
            out("\n✓: the engine reports, on the fault's focus nodes, exactly the (focus, "
                "path, source shape) results the fast engine reports (which equal pySHACL's, "
                "see the pyshacl column). 'elsewhere': results on nodes no fault touched.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
