"""``aigraph query`` and ``aigraph serve``, and how answers are printed."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import click
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

from aigraph.cli.main import cli
from aigraph.config import Settings
from aigraph.queries import load_queries, run_saved
from aigraph.remote import open_reader
from aigraph.store import QueryResult, results_bytes, run_query
from aigraph.vocab import PREFIXES

RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES,
                 "jsonld": RdfFormat.JSON_LD}
#: The widest a table cell gets, in terminal columns; longer values end in an ellipsis.
MAX_CELL_WIDTH = 60
_ELLIPSIS = "…"


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
            _print_result(run_saved(graph, saved[saved_name], values,
                                    base_iri=settings.base_iri), fmt)
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
        _print_result(run_query(graph, text, prefixes=PREFIXES, base_iri=settings.base_iri),
                      fmt)


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
@click.option("--processes", type=click.IntRange(min=0), default=None,
              help="Server processes answering on the one port, each with its own query "
                   "workers and cache (default 0: one per processor core, at most 4).")
@click.option("--workers", type=int, default=None,
              help="Query worker processes of each server process, which a query runs in "
                   "the first time it is asked (default 2).")
@click.option("--inline-limit", type=click.FloatRange(min=0), default=None,
              help="Processor seconds: a query a worker answered within this is answered in "
                   "the server's own process when asked again; 0 sends every query to a "
                   "worker (default 0.1).")
@click.option("--memory-quads", type=click.IntRange(min=0), default=None,
              help="A store of at most this many quads is served from a copy in memory, "
                   "where queries run faster (one copy per server process, shared by its "
                   "workers; a large one is made in the background); 0 serves from disk "
                   "(default 3000000).")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None, timeout: float | None,
          max_rows: int | None, processes: int | None, workers: int | None,
          inline_limit: float | None, memory_quads: int | None) -> None:
    """Serve the graph: SPARQL endpoint, saved queries, Linked Data pages and dumps.

    The store is opened read-only; a new build is picked up without a restart.

    \b
    Example:
        aigraph serve --port 8000
        curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/org/gist
    """
    from aigraph.server.processes import process_count
    from aigraph.server.processes import serve as serve_app

    changes = {k: v for k, v in {"host": host, "port": port, "query_timeout": timeout,
                                 "max_rows": max_rows, "server_processes": processes,
                                 "query_workers": workers,
                                 "inline_limit": inline_limit,
                                 "memory_quads": memory_quads}.items()
               if v is not None}
    settings = settings.with_(**changes)
    count = process_count(settings)
    click.echo(f"Serving http://{settings.host}:{settings.port}/ (SPARQL at /sparql) with "
               f"{count} server process{'es' if count > 1 else ''}", err=True)
    serve_app(settings)


def _table(result: QueryBoolean | QuerySolutions) -> str:
    """A plain-text table, its columns aligned by display width (Hangul takes two columns
    of a terminal); a cell wider than :data:`MAX_CELL_WIDTH` is cut with an ellipsis."""
    if isinstance(result, QueryBoolean):
        return "true" if bool(result) else "false"
    names = [v.value for v in result.variables]
    header = [_fit(n) for n in names]
    rows = [[_fit(_short(row[n])) if row[n] is not None else "" for n in names]
            for row in result]
    widths = [max([_display_width(h)] + [_display_width(r[i]) for r in rows])
              for i, h in enumerate(header)]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(r, widths) for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)


def _display_width(text: str) -> int:
    """How many terminal columns a text takes: East Asian wide and fullwidth characters
    (Hangul syllables, CJK) take two, combining marks and conjoining jamo none."""
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    """Two columns for an East Asian wide or fullwidth character, none for a combining
    mark, a format character or a vowel or final consonant of decomposed Hangul."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff" \
            or "\ud7b0" <= char <= "\ud7ff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fit(text: str, limit: int = MAX_CELL_WIDTH) -> str:
    """The text on one line (control characters as spaces), cut to ``limit`` columns."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    if _display_width(text) <= limit:
        return text
    kept, used = [], _display_width(_ELLIPSIS)
    for char in text:
        used += _char_width(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + _ELLIPSIS


def _line(cells: list[str], widths: list[int]) -> str:
    """Cells padded to their column's display width, two spaces apart."""
    padded = [c + " " * (w - _display_width(c)) for c, w in zip(cells, widths, strict=True)]
    return "  ".join(padded).rstrip()


def _short(term: object) -> str:
    value = getattr(term, "value", str(term))
    if type(term).__name__ == "NamedNode":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri):
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    lang = getattr(term, "language", None)
    return f"{value}@{lang}" if lang else value
