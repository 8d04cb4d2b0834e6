"""The command line: thin shells over the library. Errors are one line, never a traceback.

Exit codes (one place, :class:`_Group`): 0 success; 1 the graph does not conform
(``validate``); 2 an error in the input, the query or the store. The commands live in
``graph`` (build, validate, stats, export, synthesize), ``query`` (query, serve) and
``corpus`` (extract, add, eval).
"""

from __future__ import annotations

from pathlib import Path

import click

from aigraph import __version__
from aigraph.config import load_settings
from aigraph.errors import AigraphError, ValidationError

EXIT_VIOLATIONS = 1
EXIT_ERROR = 2


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
        # The link itself, not where it points: a build swaps the link.
        settings = settings.with_(store_dir=store_dir.parent.resolve() / store_dir.name)
    remote = {"store_url": store_url, "store_gsp_url": store_gsp_url,
              "store_update_url": store_update_url, "store_default_graph": store_default_graph}
    settings = settings.with_(**{k: v for k, v in remote.items() if v is not None})
    ctx.obj = settings


def main() -> None:
    """Entry point of the ``aigraph`` command."""
    cli(prog_name="aigraph")
