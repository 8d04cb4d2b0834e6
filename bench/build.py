"""Build benchmark: ``aigraph build`` and ``aigraph add`` as a maintainer runs them, on the
project and on synthetic corpora of growing size, beside a bare load of the same quads.

For the project (its ``data/``, ``ontology/`` and ``queries/`` copied to a temporary folder,
so that its own store is never touched) and for each synthetic size (``aigraph synthesize``),
every step is a child process of the ``aigraph`` command, timed wall clock, its peak
resident memory read from ``os.wait4`` (the child and what it waited for):

1. a full build from a cold cache: ``var/`` removed (stores and cache), then
   ``build --full``;
2. a rebuild with nothing changed (``build``, the cache warm);
3. the store's quads exported (pyoxigraph ``Store.dump``, every quad the build wrote,
   the materialised default graph included) and loaded bare: ``oxigraph load`` (the PyPI
   ``oxigraph`` CLI) and pyoxigraph ``Store.bulk_load``, each into an empty folder; the
   loaded stores are counted against the built one;
4. ``add`` of one Korean article the corpus lacks: the article of ``synthesize --articles 1
   --seed 99``. Its ``author`` and ``publisher`` lines are dropped from the front matter:
   they name registry keys of another synthetic corpus, which ``add`` rightly refuses. If
   ``add`` fails (the extractor's drafts can break a shape), the failure is reported and
   the next seed is tried, up to ``--add-tries`` articles. The store after it must hold one
   more article graph (a graph with a ``schema:NewsArticle``);
5. ``build --full`` after the add: its build id must equal the incremental one's.

Builds start at least a second apart: a store's folder is named by the second and the build
id, so a second build of the same inputs within the same second fails. The build cache is
keyed by the package's source code: a corpus during whose steps the source changed is
flagged, its cached steps may have run cold.

The build ids of full and incremental builds of the same inputs are compared (they must be
equal). Where the CLI lacks an option (``build --full``), the figures that need it are
``n/a``. Targets: a full build of about a million triples in at most 90 s and at most 8× the
bare ``oxigraph load``; ``add`` into that corpus in at most 15 s; the project's full build in
at most about 2.4 s.

Usage: ``python bench/build.py [--articles 150,1200] [--quick] [--seed S] [--add-seed S]
[--repeats R]``. The project is always measured first; ``--quick`` measures it and 150
synthetic articles. The Markdown report goes to stdout, progress to stderr, the figures to
``var/bench/build.json``. A measuring tool: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: import the package `bench` from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from pyoxigraph import RdfFormat, Store

from bench.console import out, say, snippet
from bench.machine import loadavg, machine
from bench.settings import BIN, ROOT
from bench.tables import MISSING, markdown, num, ratio

DEFAULT_SIZES = (150, 1200)
QUICK_SIZES = (150,)
PROJECT = "project"
PAUSE_S = 1.1  # between builds (see build_step)
LIMIT_S = 3600  # no step of a run this size takes an hour
MILLION = 900_000  # the targets "at a million triples" judge runs of at least this many
TARGET_FULL_S = 90.0
TARGET_RATIO = 8.0
TARGET_ADD_S = 15.0
TARGET_PROJECT_S = 2.4
NA = "n/a"
BUILT = re.compile(r"Built ([0-9a-f]{16}): ([\d,]+) triples")
PHASE = re.compile(r"^([^:\n]+): (\d+(?:\.\d+)?) s$", re.MULTILINE)
ADDED = re.compile(r"built ([0-9a-f]{16}) \(([\d,]+) triples\)")
ARTICLE_GRAPHS = ("SELECT (COUNT(DISTINCT ?g) AS ?n) "
                  "WHERE { GRAPH ?g { ?a a <https://schema.org/NewsArticle> } }")
BULK_LOAD = ("import sys, time\nfrom pyoxigraph import RdfFormat, Store\n"
             "started = time.perf_counter()\nstore = Store(sys.argv[1])\n"
             "store.bulk_load(path=sys.argv[2], format=RdfFormat.N_QUADS)\nstore.flush()\n"
             "del store\nprint(time.perf_counter() - started)\n")


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=sizes, default=DEFAULT_SIZES,
                        help="synthetic sizes after the project, comma-separated "
                             "(default 150,1200; 1200 is about a million triples)")
    parser.add_argument("--quick", action="store_true",
                        help="the project and 150 synthetic articles only")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--add-seed", type=int, default=99,
                        help="seed of the one-article corpus whose article is added")
    parser.add_argument("--add-tries", type=int, default=3,
                        help="articles (seeds from --add-seed on) tried if add fails")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of the full build, rebuild and loads (the median)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "build.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles = QUICK_SIZES
    return args


def sizes(text: str) -> tuple[int, ...]:
    """Comma-separated article counts.

    >>> sizes("150, 1200")
    (150, 1200)

    :raises argparse.ArgumentTypeError: if one is not a positive integer.
    """
    try:
        found = tuple(int(n) for n in text.split(",") if n.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from exc
    if not found or min(found) < 1:
        raise argparse.ArgumentTypeError(f"need positive article counts: {text!r}")
    return found


@dataclass
class Run:
    """One child process: its wall time, peak resident memory, exit status and output."""

    seconds: float
    peak_mib: float
    status: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def error(self) -> str:
        """The last line the command printed on stderr (or stdout), for a note."""
        lines = (self.stderr or self.stdout).strip().splitlines()
        return snippet(lines[-1]) if lines else f"exit status {self.status}"


def source_stamp() -> int:
    """A stamp of the package's source files (names, sizes, modification times): the build
    cache is keyed by the source code, so an edit during a run turns a warm cache cold."""
    files = sorted((ROOT / "src" / "aigraph").rglob("*.py"))
    return hash(tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files
                      if f.exists()))


def child_env() -> dict[str, str]:
    """This environment without the variables that would send aigraph to another store."""
    return {k: v for k, v in os.environ.items() if not k.startswith("AIGRAPH_STORE")}


def run(command: list[str], limit: float = LIMIT_S) -> Run:
    """Run ``command`` to its end (killed after ``limit`` seconds): wall time, and the peak
    resident memory ``os.wait4`` gives for that child alone (a running maximum over all
    children, as ``RUSAGE_CHILDREN`` keeps, could not be told apart)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=child_env(),
                                 stdin=subprocess.DEVNULL)
        timer = threading.Timer(limit, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, child.returncode,
                   stdout.read().decode("utf-8", "replace"),
                   stderr.read().decode("utf-8", "replace"))


def aigraph(project: Path, *args: str) -> list[str]:
    return [str(BIN / "aigraph"), "--root", str(project), "--store",
            str(project / "var" / "store"), *args]


def cli_options() -> dict[str, set[str]]:
    """The options ``aigraph build`` and ``aigraph add`` have in this checkout, of those
    the benchmark uses (``--full``, ``--quiet``, ``--timings``)."""
    found = {}
    for command in ("build", "add"):
        done = run([str(BIN / "aigraph"), command, "--help"], 120)
        found[command] = {o for o in ("--full", "--quiet", "--timings")
                          if re.search(rf"(^|\s){o}\b", done.stdout)}
    return found


def phases(done: Run) -> dict[str, float]:
    """The phase times ``build --timings`` printed (``reading articles: 0.04 s``).

    >>> phases(Run(1.0, 1.0, 0, "", "validating: 0.05 s\\nsomething else\\n"))
    {'validating': 0.05}
    """
    return {m[1]: float(m[2]) for m in PHASE.finditer(done.stderr)}


def built(done: Run, pattern: re.Pattern[str] = BUILT) -> tuple[str | None, int | None]:
    """The build id and triple count a build (or an add) printed, or ``None``s."""
    found = pattern.search(done.stdout)
    return (found[1], int(found[2].replace(",", ""))) if found else (None, None)


def store_counts(project: Path) -> tuple[int, int]:
    """The quads in the project's serving store and its article graphs."""
    store = Store.read_only(str((project / "var" / "store").resolve()))
    try:
        graphs = next(iter(store.query(ARTICLE_GRAPHS)))["n"]  # type: ignore[index]
        return len(store), int(graphs.value)
    finally:
        del store
        gc.collect()


def timed_steps(label: str, repeats: int, work: Any) -> Run:
    """The run of ``work()`` with the median time of ``repeats`` (the first failure, if
    one fails); its peak memory is the highest of them."""
    runs = []
    repeats = max(1, repeats)
    for i in range(repeats):
        if repeats > 1:
            say(f"  {label} ({i + 1} of {repeats})")
        done = work()
        if not done.ok:
            return done
        runs.append(done)
    middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    middle.peak_mib = max(r.peak_mib for r in runs)
    middle.seconds = statistics.median(r.seconds for r in runs)
    return middle


def prepare(size: int | str, seed: int, folder: Path) -> dict[str, Any]:
    """A project folder to build: a copy of the project's inputs, or a synthetic corpus.

    :raises RuntimeError: if ``aigraph synthesize`` fails.
    """
    found: dict[str, Any] = {}
    if size == PROJECT:
        for part in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / part, folder / part)
    else:
        done = run([str(BIN / "aigraph"), "--root", str(ROOT), "synthesize", "--articles",
                    str(size), "--seed", str(seed), "-o", str(folder)])
        if not done.ok:
            raise RuntimeError(f"synthesize --articles {size} failed: {done.error}")
        shutil.copytree(ROOT / "queries", folder / "queries")
        found["synthesize_s"] = done.seconds
    found["articles"] = len(list((folder / "data" / "articles").glob("*.md")))
    return found


def new_article(seed: int, work: Path) -> Path:
    """The article of a one-article synthetic corpus, its registry references dropped.

    :raises RuntimeError: if ``aigraph synthesize`` fails.
    """
    corpus = work / f"extra-{seed}"
    if not corpus.exists():
        done = run([str(BIN / "aigraph"), "--root", str(ROOT), "synthesize", "--articles", "1",
                    "--seed", str(seed), "-o", str(corpus)])
        if not done.ok:
            raise RuntimeError(f"synthesize --seed {seed} failed: {done.error}")
    source = next((corpus / "data" / "articles").glob("*.md"))
    target = work / "new" / str(seed) / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    head, _, body = source.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n")
    kept = [line for line in head.splitlines() if not line.startswith(("author:", "publisher:"))]
    target.write_text("---\n" + "\n".join(kept) + "\n---\n" + body, encoding="utf-8")
    return target


def build_step(project: Path, *args: str) -> Run:
    """An ``aigraph build`` or ``add``, at least a second after the one before: a store's
    folder is named by the second it was built in and its build id, so two builds of the
    same inputs within one second collide."""
    time.sleep(PAUSE_S)
    return run(aigraph(project, *args))


def full_build(project: Path, options: set[str]) -> Run:
    """A build from a cold cache: ``var/`` (stores and cache) removed first."""
    shutil.rmtree(project / "var", ignore_errors=True)
    return build_step(project, "build", *sorted(options))


def bare_loads(project: Path, work: Path, repeats: int, found: dict[str, Any]) -> None:
    """Dump the serving store as N-Quads and load it with ``oxigraph load`` and with
    pyoxigraph's ``bulk_load``, each into a fresh folder; check the quads loaded."""
    dump = work / "dump.nq"
    store = Store.read_only(str((project / "var" / "store").resolve()))
    started = time.perf_counter()
    store.dump(str(dump), RdfFormat.N_QUADS)
    found["dump_s"] = time.perf_counter() - started
    del store
    gc.collect()
    found["dump_mib"] = dump.stat().st_size / 1_048_576
    target = work / "bare"

    def oxigraph() -> Run:
        shutil.rmtree(target, ignore_errors=True)
        return run([str(BIN / "oxigraph"), "load", "--location", str(target), "--file",
                    str(dump)])

    def bulk() -> Run:
        shutil.rmtree(target, ignore_errors=True)
        return run([str(BIN / "python"), "-c", BULK_LOAD, str(target), str(dump)])

    for name, work_of in (("oxigraph_load", oxigraph), ("bulk_load", bulk)):
        say(f"  {name.replace('_', ' ')} of {found['quads']:,} quads")
        done = timed_steps(name, repeats, work_of)
        found[name] = step(done)
        if name == "bulk_load" and done.ok:  # without the interpreter's start
            found[name]["in_process_s"] = float(done.stdout.split()[-1])
        if done.ok:
            loaded = Store.read_only(str(target))
            found[name]["quads"] = len(loaded)
            del loaded
            gc.collect()
    shutil.rmtree(target, ignore_errors=True)
    dump.unlink()


def step(done: Run, **more: Any) -> dict[str, Any]:
    """A step's figures for the JSON and the tables."""
    figures = {"ok": done.ok, "seconds": done.seconds, "peak_mib": done.peak_mib}
    if not done.ok:
        figures["error"] = done.error
    return {**figures, **more}


def add(project: Path, work: Path, args: argparse.Namespace, options: set[str],
        found: dict[str, Any]) -> None:
    """``aigraph add`` of an article the corpus lacks, trying the next seed if it fails;
    the article graphs before and after."""
    quiet = sorted({"--quiet", "--timings"} & options)
    found["add_failures"] = []
    for seed in range(args.add_seed, args.add_seed + max(1, args.add_tries)):
        article = new_article(seed, work)
        say(f"  add {article.name} (seed {seed})")
        done = build_step(project, "add", *quiet, str(article))
        ident, triples = built(done, ADDED)
        if done.ok:
            quads, graphs = store_counts(project)
            found["add"] = step(done, seed=seed, article=article.name, build_id=ident,
                                triples=triples, quads=quads, article_graphs=graphs,
                                one_more=graphs == found["article_graphs"] + 1,
                                phases=phases(done))
            return
        say(f"  add failed (seed {seed}): {done.error}")
        found["add_failures"].append({"seed": seed, "seconds": done.seconds,
                                      "error": done.error})
    found["add"] = {"ok": False, "error": "every article tried failed"}


def measure(size: int | str, args: argparse.Namespace, cli: dict[str, set[str]], work: Path
            ) -> dict[str, Any]:
    """Every step on one corpus (module docstring)."""
    project = work / f"corpus-{size}"
    say(f"{size}: preparing" + ("" if size == PROJECT else f" {size} synthetic articles"))
    stamp = source_stamp()
    found: dict[str, Any] = {"size": size, "load_before": loadavg(),
                             **prepare(size, args.seed, project)}
    options = cli["build"]
    full = {"--full"} & options
    quiet = {"--quiet", "--timings"} & options
    say(f"{size}: full build from a cold cache ({found['articles']} articles)")
    done = timed_steps("full build", args.repeats, lambda: full_build(project, full | quiet))
    found["build_id"], found["triples"] = built(done)
    found["full"] = step(done, build_id=found["build_id"], phases=phases(done))
    if not done.ok:
        say(f"{size}: the full build failed: {done.error}")
        return found
    found["quads"], found["article_graphs"] = store_counts(project)
    say(f"  {found['triples']:,} triples, {found['quads']:,} quads in "
        f"{done.seconds:.1f} s, peak {done.peak_mib:.0f} MiB")
    say(f"{size}: rebuild with nothing changed")
    done = timed_steps("rebuild", args.repeats,
                       lambda: build_step(project, "build", *sorted(quiet)))
    found["rebuild"] = step(done, build_id=built(done)[0], cached="--full" in options,
                            phases=phases(done))
    say(f"{size}: bare loads")
    bare_loads(project, work, args.repeats, found)
    say(f"{size}: add one article")
    add(project, work, args, cli["add"], found)
    if found["add"]["ok"] and full:
        say(f"{size}: full build after the add")
        done = build_step(project, "build", *sorted(full | quiet))
        found["full_after_add"] = step(done, build_id=built(done)[0], phases=phases(done))
    found["load_after"] = loadavg()
    found["source_changed"] = source_stamp() != stamp
    shutil.rmtree(project, ignore_errors=True)
    return found


def seconds_of(found: dict[str, Any], name: str) -> float | None:
    figures = found.get(name) or {}
    return figures["seconds"] if figures.get("ok") else None


def build_ratio(found: dict[str, Any]) -> float | None:
    full, bare = seconds_of(found, "full"), seconds_of(found, "oxigraph_load")
    return full / bare if full is not None and bare else None


def ids_equal(found: dict[str, Any], first: str, second: str) -> bool | None:
    """Whether two steps printed the same build id (``None``: not both known)."""
    a, b = (found.get(n, {}).get("build_id") for n in (first, second))
    return a == b if a and b else None


def verdict(value: float | None, limit: float, missing: str) -> str:
    if value is None:
        return f"{NA} ({missing})"
    return "target met" if value <= limit else "target missed"


def targets(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's four targets, each judged on the run it names."""
    project = next((r for r in results if r["size"] == PROJECT), {})
    big = [r for r in results if (r.get("triples") or 0) >= MILLION]
    large = max(big, key=lambda r: r["triples"]) if big else {}
    why = ("no run reached a million triples; run without --quick" if not large
           else "the step failed")
    where = f"{large['triples']:,} triples" if large else NA
    found = [("full build, ~1 M triples", where, seconds_of(large, "full"), TARGET_FULL_S, "s"),
             ("full build ÷ oxigraph load, ~1 M triples", where, build_ratio(large),
              TARGET_RATIO, "×"),
             ("add one article, ~1 M triples", where, seconds_of(large, "add"), TARGET_ADD_S,
              "s"),
             ("full build, the project", f"{project.get('articles', NA)} articles",
              seconds_of(project, "full"), TARGET_PROJECT_S, "s")]
    return [{"target": name, "run": run_of, "value": value, "limit": limit, "unit": unit,
             "verdict": verdict(value, limit, why if name.endswith("triples")
                                else "the step failed")}
            for name, run_of, value, limit, unit in found]


def report(results: list[dict[str, Any]], cli: dict[str, set[str]], info: dict[str, Any],
           minutes: float) -> list[dict[str, Any]]:
    out(f"# Build: the project and {len(results) - 1} synthetic corpora")
    out()
    out(f"{info['cpus']} CPUs ({info['cpu']}), load average {info['loadavg_before']} before; "
        f"{info['oxigraph']}, pyoxigraph {info['pyoxigraph']}; {minutes:.1f} minutes. "
        + "; ".join(f"`aigraph {c}` options found: {', '.join(sorted(o)) or 'none'}"
                    for c, o in cli.items()) + ".")
    out()
    header = ["articles", "triples", "quads", "full build s", "no-change rebuild s", "add s",
              "oxigraph load s", "bulk_load s", "full ÷ oxigraph load", "build peak MiB",
              "add peak MiB"]
    rows = []
    for r in results:
        label = f"{r['articles']} ({'project' if r['size'] == PROJECT else 'synthetic'})"
        rebuild = num(seconds_of(r, "rebuild"), 2)
        if r.get("rebuild") and not r["rebuild"]["cached"]:
            rebuild = f"{NA} (no cache; {rebuild} s)"
        peaks = [r[n]["peak_mib"] for n in ("full", "rebuild") if r.get(n, {}).get("ok")]
        added = r.get("add", {})
        rows.append([label, f"{r['triples']:,}" if r.get("triples") else MISSING,
                     f"{r['quads']:,}" if r.get("quads") else MISSING,
                     num(seconds_of(r, "full"), 2), rebuild, num(seconds_of(r, "add"), 2),
                     num(seconds_of(r, "oxigraph_load"), 2), num(seconds_of(r, "bulk_load"), 2),
                     ratio(build_ratio(r)), num(max(peaks) if peaks else None, 0),
                     num(added["peak_mib"] if added.get("ok") else None, 0)])
    for line in markdown(header, rows):
        out(line)
    out()
    out("Wall time of each command, its start included (the builds a second apart). Peak "
        "MiB: each child's own peak resident memory (wait4); build: the higher of the full "
        "build and the rebuild; add: the extractor's model included. Bare loads: the built "
        "store's quads (named graphs and the materialised default graph) dumped as N-Quads "
        "and loaded into an empty folder.")
    phase_table(results)
    ident_table(results)
    notes(results)
    out()
    out("## Targets")
    out()
    judged = targets(results)
    for t in judged:
        unit = "×" if t["unit"] == "×" else f" {t['unit']}"
        value = "not measured" if t["value"] is None else f"{t['value']:.2f}{unit}"
        run_of = "" if t["value"] is None else f" ({t['run']})"
        out(f"* {t['target']} ≤ {t['limit']:g}{unit}: {value}{run_of} — {t['verdict']}")
    return judged


def phase_table(results: list[dict[str, Any]]) -> None:
    """Where each build and add spent its time, as ``--timings`` tells (if it can)."""
    columns = [(r, n) for r in results for n in ("full", "rebuild", "add")
               if r.get(n, {}).get("phases")]
    if not columns:
        return
    names = list(dict.fromkeys(p for r, n in columns for p in r[n]["phases"]))
    out()
    out("## Phases of the builds (`--timings`, seconds; a dash: no such phase)")
    out()
    kinds = {"full": "full", "rebuild": "no change", "add": "add"}
    header = ["phase", *(f"{r['articles']} {kinds[n]}" for r, n in columns)]
    rows = [[p, *(num(r[n]["phases"].get(p), 2) for r, n in columns)] for p in names]
    for line in markdown(header, rows):
        out(line)


def ident_table(results: list[dict[str, Any]]) -> None:
    """The build ids of full and incremental builds of the same inputs, and a loud line
    for each pair that differs."""
    out()
    out("## Build ids (full and incremental builds of the same inputs must agree)")
    out()
    rows, differ = [], []
    for r in results:
        ids = [r.get(n, {}).get("build_id") or MISSING
               for n in ("full", "rebuild", "add", "full_after_add")]
        cells = []
        for first, second in (("full", "rebuild"), ("add", "full_after_add")):
            same = ids_equal(r, first, second)
            cells.append(NA if same is None else ("equal" if same else "DIFFERENT"))
            if same is False:
                differ.append(f"{r['articles']} articles: {first} {r[first]['build_id']} ≠ "
                              f"{second} {r[second]['build_id']}")
        rows.append([str(r["articles"]), ids[0], ids[1], cells[0], ids[2], ids[3], cells[1]])
    for line in markdown(["articles", "full", "no-change rebuild", "same?", "add (incremental)",
                          "full after add", "same?"], rows):
        out(line)
    for line in differ:
        out()
        out(f"**BUILD IDS DIFFER: {line}. An incremental build must give the full build's id.**")


def notes(results: list[dict[str, Any]]) -> None:
    """What went wrong or needs saying: failures, retried adds, the article graph check,
    the quads each bare load holds."""
    lines = []
    for r in results:
        name = f"{r['articles']} articles"
        if "stopped" in r:
            lines.append(f"{name}: not measured: {r['stopped']}")
        if r.get("source_changed"):
            lines.append(f"{name}: the package's source changed during these steps; the "
                         "build cache is keyed by the code, so a cached step may have run "
                         "cold")
        for step_name in ("full", "rebuild", "oxigraph_load", "bulk_load", "add",
                          "full_after_add"):
            figures = r.get(step_name)
            if figures and not figures.get("ok"):
                lines.append(f"{name}: {step_name} failed: {figures.get('error', '')}")
        for failure in r.get("add_failures", []):
            lines.append(f"{name}: add of the seed-{failure['seed']} article failed after "
                         f"{failure['seconds']:.1f} s: {failure['error']}")
        added = r.get("add", {})
        if added.get("ok"):
            lines.append(f"{name}: the seed-{added['seed']} article added in "
                         f"{added['seconds']:.1f} s; article graphs {r['article_graphs']} → "
                         f"{added['article_graphs']}"
                         + (" (one more)" if added["one_more"] else
                            f" — NOT ONE MORE (expected {r['article_graphs'] + 1})"))
        for loader in ("oxigraph_load", "bulk_load"):
            loaded = r.get(loader, {}).get("quads")
            if loaded is not None and loaded != r.get("quads"):
                lines.append(f"{name}: {loader} holds {loaded:,} quads, the build {r['quads']:,}")
    if lines:
        out()
        out("## Checks and failures")
        out()
        for line in lines:
            out(f"* {line}")


def main(argv: list[str]) -> int:
    args = arguments(argv)
    info = machine()
    cli = cli_options()
    if "--full" not in cli["build"]:
        say("build: `aigraph build` has no --full here; builds are not incremental yet")
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aigraph-build-") as tmp:
        for size in (PROJECT, *args.articles):
            try:
                results.append(measure(size, args, cli, Path(tmp)))
            except RuntimeError as exc:
                say(f"build: {size}: stopped: {exc}")
                results.append({"size": size, "articles": size, "stopped": str(exc)})
    minutes = (time.perf_counter() - started) / 60
    judged = report(results, cli, info, minutes) if results else []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"results": results, "targets": judged, "machine": info,
                                    "options": {c: sorted(o) for c, o in cli.items()},
                                    "minutes": minutes,
                                    "arguments": {k: v for k, v in vars(args).items()
                                                  if k != "out"}},
                                   indent=2, ensure_ascii=False, default=str),
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        say("build: interrupted")
        sys.exit(130)
