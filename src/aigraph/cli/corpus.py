"""Commands over the articles: extract draft facts, add an article, evaluate the extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aigraph.cli.main import cli
from aigraph.config import Settings
from aigraph.progress import for_terminal

if TYPE_CHECKING:
    from aigraph.extract.evaluate import Score


@cli.command()
@click.argument("articles", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print the drafts as JSON on stdout (the schema is "
              "src/aigraph/extract/draft.schema.json): typed entities, facts with evidence, "
              "offsets and sentence.")
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
        payload = [draft.as_json() for _, draft in results]
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
@click.option("--quiet", "-q", is_flag=True,
              help="Show no progress (it is shown only on a terminal, and never when CI is "
              "set).")
@click.option("--timings", is_flag=True, help="Print how long each phase took.")
@click.pass_obj
def add(settings: Settings, article: Path, quiet: bool, timings: bool) -> None:
    """Add an article: copy it into data/articles/, write its draft facts (unreviewed) and
    proposed registry entries, validate, and rebuild the graph.

    \b
    Example:
        aigraph add new-article.md
    """
    from aigraph.extract.drafts import add_article

    added = add_article(settings, article, progress=for_terminal(quiet))
    if timings:
        for phase, seconds in added.build.seconds.items():
            click.echo(f"{phase}: {seconds:.2f} s", err=True)
    click.echo(f"Added {added.article}: {len(added.draft.facts)} draft facts in "
               f"{added.facts}; built {added.build.build_id} ({added.build.triples} triples)")
    for warning in added.draft.warnings:
        click.echo(f"Warning: {warning}", err=True)


@cli.command(name="eval")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--unseen", is_flag=True,
              help="Also score each article with the registry stripped of the entities only "
              "it uses (leave one out), beside the present score.")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Score the articles of this folder against their gold files "
              "(NAME.md beside NAME.gold.yaml) instead of the corpus.")
@click.pass_obj
def evaluate(settings: Settings, as_json: bool, unseen: bool, gold_dir: Path | None) -> None:
    """Score the extractor: precision, recall and F1 per kind.

    Against the reviewed facts of the corpus, the registry knows every entity, which
    flatters the score; --unseen adds the honest score, each article drafted with the
    registry stripped of the entities only it uses. --gold scores a folder of test articles
    against the gold files beside them.

    \b
    Examples:
        aigraph eval --unseen
        aigraph eval --gold tests/fixtures/news
    """
    from aigraph.extract.drafts import evaluate_corpus, evaluate_gold

    if gold_dir is not None:
        tables = {"gold": evaluate_gold(settings, gold_dir)}
    else:
        tables = {"present": evaluate_corpus(settings)}
        if unseen:
            tables["unseen"] = evaluate_corpus(settings, unseen=True)
    if as_json:
        payload = {name: [s.as_json() for s in scores] for name, scores in tables.items()}
        click.echo(json.dumps(payload if len(payload) > 1 else next(iter(payload.values())),
                              ensure_ascii=False, indent=1))
        return
    click.echo(score_table(tables))


def score_table(tables: dict[str, list[Score]]) -> str:
    """Scores of one or more settings side by side: P, R, F1 and counts for each."""
    names = list(tables)
    lines = [f"{'':<28}" + "".join(f"{name:^36}  " for name in names),
             f"{'kind':<28}" + "".join(f"{'P':>7}{'R':>7}{'F1':>7}{'tp/pred/gold':>15}  "
                                       for _ in names)]
    for i, kind in enumerate(s.kind for s in tables[names[0]]):
        row = f"{kind:<28}"
        for name in names:
            s = tables[name][i]
            counts = f"{s.true_positives}/{s.predicted}/{s.gold}"
            row += f"{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{counts:>15}  "
        lines.append(row)
    return "\n".join(line.rstrip() for line in lines)
