"""The command line: thin shells over the library. Errors are one line, never a traceback.

Exit codes (one place, :func:`main`): 0 success; 1 the graph does not conform
(``validate``); 2 an error in the input, the query or the store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from aigraph import __version__
from aigraph.build import build as run_build
from aigraph.build import plan
from aigraph.config import Settings, load_settings
from aigraph.errors import AigraphError, ValidationError
from aigraph.queries import load_queries, run_saved
from aigraph.remote import open_reader
from aigraph.stats import store_stats
from aigraph.store import DUMP_FORMATS, QueryResult, dump, results_bytes, run_query
from aigraph.validate import validate_quads
from aigraph.vocab import PREFIXES

EXIT_VIOLATIONS = 1
EXIT_ERROR = 2
RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES,
                 "jsonld": RdfFormat.JSON_LD}


class _Group(click.Group):
    """Maps the exception family onto exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_VIOLATIONS)
        except AigraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The project folder (holds data/, ontology/, queries/).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="The store path (default: ROOT/var/store).")
@click.option("--store-url", default=None, metavar="URL",
              help="Use a remote SPARQL 1.1 store: its query endpoint (or AIGRAPH_STORE_URL).")
@click.option("--store-gsp-url", default=None, metavar="URL",
              help="The remote store's Graph Store Protocol endpoint, for builds.")
@click.option("--store-update-url", default=None, metavar="URL",
              help="The remote store's SPARQL Update endpoint, for builds without GSP.")
@click.option("--store-default-graph", default=None, metavar="IRI",
              help="A named graph to hold the merge, for remote stores whose default graph "
              "cannot be written (Virtuoso).")
@click.version_option(__version__, prog_name="aigraph")
@click.pass_context
def cli(ctx: click.Context, root: Path, store_dir: Path | None, store_url: str | None,
        store_gsp_url: str | None, store_update_url: str | None,
        store_default_graph: str | None) -> None:
    """Build and query the knowledge graph of the Gwangju AI industry cluster."""
    settings = load_settings(root)
    if store_dir is not None:
        settings = settings.with_(store_dir=store_dir.resolve())
    remote = {"store_url": store_url, "store_gsp_url": store_gsp_url,
              "store_update_url": store_update_url, "store_default_graph": store_default_graph}
    settings = settings.with_(**{k: v for k, v in remote.items() if v is not None})
    ctx.obj = settings


@cli.command()
@click.pass_obj
def build(settings: Settings) -> None:
    """Build the graph from data/ and swap it in as the serving store.

    The new store is written beside the old one and swapped in only when complete and
    valid; a failed build leaves the previous store untouched.

    \b
    Example:
        aigraph build
    """
    result = run_build(settings)
    warnings = [p for p in result.report.problems if p.severity != "Violation"]
    click.echo(f"Built {result.build_id}: {result.triples} triples in {result.graphs} graphs "
               f"({len(warnings)} warnings)")
    if settings.remote:
        click.echo(f"Store: loaded into {result.location}")
    else:
        click.echo(f"Store: {settings.store_dir} -> {result.location}")


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Read the query from a file ('-' or no query: stdin).")
@click.option("--saved", "saved_name", default=None,
              help="Run the saved query of this name (queries/NAME.rq) with its defaults.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the saved query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml",
              "ttl", "nt", "jsonld"]), default="table", show_default=True,
              help="table/json/csv/tsv/xml for SELECT and ASK; ttl/nt/jsonld for CONSTRUCT.")
@click.pass_obj
def query(settings: Settings, sparql: str | None, path: Path | None, saved_name: str | None,
          params: tuple[str, ...], fmt: str) -> None:
    """Run a SPARQL query against the store (the merge of all graphs).

    \b
    Examples:
        aigraph query "SELECT ?p ?label WHERE { ?p a aig:Person ; rdfs:label ?label }"
        aigraph query -f queries/people-in-several-articles.rq --format csv
        aigraph query --saved people-by-organisation -p org=https://w3id.org/aigraph/id/org/gist
        echo "ASK { ?s ?p ?o }" | aigraph query -
    """
    if saved_name is not None:
        saved = load_queries(settings.queries_dir)
        if saved_name not in saved:
            raise click.UsageError(f"no saved query {saved_name!r}; known: "
                                   f"{', '.join(sorted(saved))}")
        values = dict(p.split("=", 1) for p in params if "=" in p)
        with open_reader(settings) as graph:
            _print_result(run_saved(graph, saved[saved_name], values), fmt)
        return
    if path is not None:
        text = path.read_text(encoding="utf-8")
    elif sparql in (None, "-"):
        text = sys.stdin.read()
    else:
        text = sparql
    if not text.strip():
        raise click.UsageError("no query given: pass it as an argument, with --file, or on "
                               "stdin")
    with open_reader(settings) as graph:
        _print_result(run_query(graph, _with_prefixes(text)), fmt)


def _print_result(result: QueryResult, fmt: str) -> None:
    if isinstance(result, QueryBoolean | QuerySolutions):
        if fmt == "table":
            click.echo(_table(result))
        elif fmt in RESULT_FORMATS:
            click.echo(results_bytes(result, RESULT_FORMATS[fmt]), nl=False)
        else:
            raise click.UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; SELECT and ASK "
                                   "take table, json, csv, tsv or xml")
    else:
        if fmt not in GRAPH_FORMATS and fmt != "table":
            raise click.UsageError(f"--format {fmt} is for SELECT/ASK; CONSTRUCT and DESCRIBE "
                                   "take ttl, nt or jsonld")
        click.echo(results_bytes(result, GRAPH_FORMATS.get(fmt, RdfFormat.TURTLE)), nl=False)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8000).")
@click.option("--timeout", type=float, default=None,
              help="Seconds a SPARQL query may run before it is stopped (default 10).")
@click.option("--max-rows", type=int, default=None,
              help="The most rows one answer carries; more is cut and flagged (default 10000).")
@click.option("--workers", type=int, default=None,
              help="Query worker processes (default 2).")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None, timeout: float | None,
          max_rows: int | None, workers: int | None) -> None:
    """Serve the graph: SPARQL endpoint, saved queries, Linked Data pages and dumps.

    The store is opened read-only; a new build is picked up without a restart.

    \b
    Example:
        aigraph serve --port 8000
        curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/org/gist
    """
    import uvicorn

    from aigraph.server import create_app

    changes = {k: v for k, v in {"host": host, "port": port, "query_timeout": timeout,
                                 "max_rows": max_rows, "query_workers": workers}.items()
               if v is not None}
    settings = settings.with_(**changes)
    app = create_app(settings)
    click.echo(f"Serving http://{settings.host}:{settings.port}/ (SPARQL at /sparql)", err=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                access_log=False)


@cli.command()
@click.pass_obj
def validate(settings: Settings) -> None:
    """Check the inputs and the graph they make: SHACL shapes and ontology terms.

    Exit 0 when the graph conforms, 1 when it has violations, 2 for an error (a bad input
    file, a missing shapes file).

    \b
    Example:
        aigraph validate
    """
    quads, _ = plan(settings)
    report = validate_quads(quads, settings.ontology_dir)
    for problem in report.problems:
        click.echo(str(problem))
    if not report.conforms:
        raise ValidationError(f"{len(report.violations)} violations")
    warnings = len(report.problems)
    click.echo(f"Conforms ({warnings} warnings).")


@cli.command()
@click.argument("articles", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print every draft fact of every article as JSON on stdout.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write each article's draft facts (and proposed registry entries) here.")
@click.pass_obj
def extract(settings: Settings, articles: tuple[Path, ...], as_json: bool,
            output: Path | None) -> None:
    """Draft facts from Korean articles: people and titles, organisations, events,
    agreements, facilities and figures, each with its evidence and a confidence.

    \b
    Examples:
        aigraph extract new-article.md
        aigraph extract --json data/articles/*.md > drafts.json
    """
    from aigraph.extract.drafts import extract_files, facts_yaml, registry_yaml

    results = extract_files(list(articles), settings)
    if as_json:
        payload = [{"article": a.key, "warnings": d.warnings,
                    "facts": [f.as_json() for f in d.facts]} for a, d in results]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    for article, draft in results:
        for warning in draft.warnings:
            click.echo(f"Warning: {article.path}: {warning}", err=True)
        if output is None:
            click.echo(facts_yaml(draft))
            continue
        output.mkdir(parents=True, exist_ok=True)
        (output / f"{article.key}.yaml").write_text(facts_yaml(draft), encoding="utf-8")
        if draft.proposed:
            (output / f"{article.key}.registry.yaml").write_text(registry_yaml(draft),
                                                                 encoding="utf-8")
        click.echo(f"{article.path}: {len(draft.facts)} draft facts, "
                   f"{len(draft.proposed)} proposed entries", err=True)


@cli.command()
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def add(settings: Settings, article: Path) -> None:
    """Add an article: copy it into data/articles/, write its draft facts (unreviewed) and
    proposed registry entries, validate, and rebuild the graph.

    \b
    Example:
        aigraph add new-article.md
    """
    from aigraph.extract.drafts import add_article

    added = add_article(settings, article)
    click.echo(f"Added {added.article}: {len(added.draft.facts)} draft facts in "
               f"{added.facts}; built {added.build.build_id} ({added.build.triples} triples)")
    for warning in added.draft.warnings:
        click.echo(f"Warning: {warning}", err=True)


@cli.command(name="eval")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_obj
def evaluate(settings: Settings, as_json: bool) -> None:
    """Score the extractor against the reviewed facts: precision, recall, F1 per kind.

    \b
    Example:
        aigraph eval
    """
    from aigraph.extract.drafts import evaluate_corpus

    scores = evaluate_corpus(settings)
    if as_json:
        click.echo(json.dumps([s.as_json() for s in scores], ensure_ascii=False, indent=1))
        return
    click.echo(f"{'kind':<28}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'pred':>6}"
               f"{'gold':>6}")
    for s in scores:
        click.echo(f"{s.kind:<28}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
                   f"{s.true_positives:>6}{s.predicted:>6}{s.gold:>6}")


@cli.command()
@click.pass_obj
def stats(settings: Settings) -> None:
    """Print the size of the store: triples, instances per class, triples per graph.

    \b
    Example:
        aigraph stats
    """
    with open_reader(settings) as graph:
        s = store_stats(graph)
    click.echo(f"Store: {settings.store_location}")
    click.echo(f"Build: {s.build} at {s.built_at}")
    click.echo(f"Triples (default graph, each once): {s.triples}")
    click.echo("Instances per class:")
    for name, n in s.classes.items():
        click.echo(f"  {name:<16}{n:>6}")
    click.echo("Triples per named graph:")
    for graph, n in s.graphs.items():
        click.echo(f"  {graph:<60}{n:>6}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(list(DUMP_FORMATS)), default="trig",
              show_default=True, help="trig/nq keep the named graphs; ttl/nt/jsonld give the "
              "merged default graph.")
@click.option("--graph-format", type=click.Choice(["graphml", "gexf", "cyjs", "d3", "dot"]),
              default=None, help="Export a property graph for Gephi, Cytoscape, yEd, D3 or "
              "Graphviz instead of RDF.")
@click.option("--focus", default=None, help="With --graph-format: an entity IRI; export its "
              "neighbourhood.")
@click.option("--hops", type=int, default=1, show_default=True,
              help="With --focus: how many links out.")
@click.option("--saved", "saved_name", default=None,
              help="With --graph-format: export the result of this saved CONSTRUCT query.")
@click.option("--collapse", is_flag=True,
              help="Show memberships and participations as labelled edges, not nodes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@click.pass_obj
def export(settings: Settings, fmt: str, graph_format: str | None, focus: str | None,
           hops: int, saved_name: str | None, collapse: bool, output: Path | None) -> None:
    """Dump the whole dataset as RDF, or a graph (all, a neighbourhood, a saved CONSTRUCT)
    for visualisers.

    \b
    Examples:
        aigraph export --format trig -o aigraph.trig
        aigraph export --graph-format gexf -o aigraph.gexf
        aigraph export --graph-format cyjs --focus https://w3id.org/aigraph/id/org/gist --hops 2
    """
    if graph_format is not None:
        from aigraph.export import graph_for, write

        saved = None
        if saved_name is not None:
            queries = load_queries(settings.queries_dir)
            if saved_name not in queries:
                raise click.UsageError(f"no saved query {saved_name!r}")
            saved = queries[saved_name]
        try:
            with open_reader(settings) as store:
                graph = graph_for(store, settings.base_iri, focus, hops, saved, collapse)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        data = write(graph, graph_format)
    else:
        with open_reader(settings) as store:
            data = dump(store, fmt)
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {len(data)} bytes to {output}", err=True)


@cli.command()
@click.option("--articles", type=click.IntRange(min=0), required=True,
              help="How many synthetic articles to write.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The random seed (equal seeds give equal files).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="A project folder to write data/ into (with the ontology).")
@click.pass_obj
def synthesize(settings: Settings, articles: int, seed: int, output: Path) -> None:
    """Write a synthetic news corpus of the same shape as ours, to build and measure at scale.

    The articles, reviewed facts and registry are invented (about 860 triples an article),
    so any size can be built, served and benchmarked like the real one.

    \b
    Example:
        aigraph synthesize --articles 1000 -o /tmp/big && aigraph --root /tmp/big build
    """
    import shutil

    from aigraph.synthetic import synthetic_inputs, write_inputs

    inputs = synthetic_inputs(articles, seed, settings=settings)
    write_inputs(inputs, output / "data")
    shutil.copytree(settings.ontology_dir, output / "ontology", dirs_exist_ok=True)
    click.echo(f"Wrote {articles} articles and {len(inputs.registry)} registry entries to "
               f"{output / 'data'}")


def _with_prefixes(text: str) -> str:
    """Declare the project's prefixes that the query uses but does not declare itself."""
    declared = {line.split()[1].rstrip(":").lower() for line in text.splitlines()
                if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1}
    missing = [p for p in PREFIXES if p not in declared and f"{p}:" in text]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text


def _table(result: QueryBoolean | QuerySolutions) -> str:
    if isinstance(result, QueryBoolean):
        return "true" if bool(result) else "false"
    names = [v.value for v in result.variables]
    rows = [[_short(row[n]) if row[n] is not None else "" for n in names] for row in result]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)


def _short(term: object) -> str:
    value = getattr(term, "value", str(term))
    if type(term).__name__ == "NamedNode":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri):
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    lang = getattr(term, "language", None)
    return f"{value}@{lang}" if lang else value


def main() -> None:
    """Entry point of the ``aigraph`` command."""
    cli(prog_name="aigraph")
