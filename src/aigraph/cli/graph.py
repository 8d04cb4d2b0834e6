"""Commands over the graph as a whole: build, validate, stats, export, synthesize."""

from __future__ import annotations

from pathlib import Path

import click

from aigraph.build import build as run_build
from aigraph.build import plan
from aigraph.cli.main import cli
from aigraph.config import Settings
from aigraph.errors import ValidationError
from aigraph.progress import for_terminal
from aigraph.queries import load_queries
from aigraph.remote import open_reader
from aigraph.stats import store_stats
from aigraph.store import DUMP_FORMATS, dump
from aigraph.validate import validate_quads


@cli.command()
@click.option("--full", is_flag=True,
              help="Read every input again instead of reusing the build cache (same result, "
              "same build id).")
@click.option("--quiet", "-q", is_flag=True,
              help="Show no progress (it is shown only on a terminal, and never when CI is "
              "set).")
@click.option("--timings", is_flag=True, help="Print how long each phase took.")
@click.pass_obj
def build(settings: Settings, full: bool, quiet: bool, timings: bool) -> None:
    """Build the graph from data/ and swap it in as the serving store.

    The new store is written beside the old one and swapped in only when complete and
    valid; a failed build leaves the previous store untouched. What the ontology's class and
    property axioms entail (so that schema:Person or schema:organizer answer) goes into a
    graph of its own, graph/inferred; the articles' graphs keep what they state.

    Articles whose files (and the registry entries they name) have not changed since the
    last build are taken from the build cache beside the stores; --full reads everything
    again. On a terminal the build shows its phase, the articles done, the rate and the
    time left.

    \b
    Examples:
        aigraph build
        aigraph build --full --timings
    """
    result = run_build(settings, full=full, progress=for_terminal(quiet))
    if timings:
        for phase, seconds in result.seconds.items():
            click.echo(f"{phase}: {seconds:.2f} s", err=True)
    warnings = [p for p in result.report.problems if p.severity != "Violation"]
    click.echo(f"Built {result.build_id}: {result.triples} triples in {result.graphs} graphs "
               f"({len(warnings)} warnings)")
    click.echo(f"Inferred: {result.inferred_types + result.inferred_properties} triples "
               f"({result.inferred_types} rdf:type, {result.inferred_properties} other) in "
               "graph/inferred")
    if settings.remote:
        click.echo(f"Store: loaded into {result.location}")
    else:
        click.echo(f"Store: {settings.store_dir} -> {result.location}")


@cli.command()
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast",
              show_default=True,
              help="The SHACL engine: aigraph's own (linear in the data), or pySHACL, the "
              "reference it is tested against (minutes on a large corpus).")
@click.pass_obj
def validate(settings: Settings, engine: str) -> None:
    """Check the inputs and the graph they make: SHACL shapes and ontology terms.

    Exit 0 when the graph conforms, 1 when it has violations, 2 for an error (a bad input
    file, a missing shapes file).

    \b
    Examples:
        aigraph validate
        aigraph validate --engine pyshacl
    """
    quads, _ = plan(settings)
    report = validate_quads(quads, settings.ontology_dir,
                            engine="pyshacl" if engine == "pyshacl" else "fast")
    for problem in report.problems:
        click.echo(str(problem))
    if not report.conforms:
        raise ValidationError(f"{len(report.violations)} violations")
    warnings = len(report.problems)
    click.echo(f"Conforms ({warnings} warnings).")


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
@click.option("--collapse/--no-collapse", default=True, show_default=True,
              help="Memberships and participations as labelled edges (--no-collapse: as "
              "nodes).")
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
