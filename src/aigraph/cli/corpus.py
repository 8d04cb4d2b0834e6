"""Commands over the articles: extract draft facts, add an article, evaluate the extractor."""

from __future__ import annotations

import json
from pathlib import Path

import click

from aigraph.cli.main import cli
from aigraph.config import Settings


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
