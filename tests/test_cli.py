"""The command line: each command works, has help with an example, and fails in one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import RdfFormat, Store, parse

from aigraph.build import BuildResult
from aigraph.cli import cli
from aigraph.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SELECT_PEOPLE = ("SELECT ?name WHERE { ?p a aig:Person ; rdfs:label ?name "
                 "FILTER(lang(?name) = 'ko') } ORDER BY ?name")


def run(settings: Settings, *args: str, stdin: str | None = None):  # noqa: ANN201
    runner = CliRunner()
    return runner.invoke(cli, ["--root", str(settings.root), "--store", str(settings.store_dir),
                               *args], input=stdin, catch_exceptions=False)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"aigraph {command}" in result.output


def test_build_reports_the_build_and_where_the_store_is(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    result = run(settings, "build")
    assert result.exit_code == 0
    assert "triples" in result.output and str(settings.store_dir) in result.output


def test_building_twice_with_store_swaps_the_link_it_names(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    assert run(settings, "build").exit_code == 0
    result = run(settings, "build")
    assert result.exit_code == 0, result.output
    assert settings.store_dir.is_symlink()


def test_a_full_build_gives_the_id_of_an_incremental_one_and_times_its_phases(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    first = run(settings, "build", "--quiet")
    full = run(settings, "build", "--full", "--timings")
    assert first.exit_code == full.exit_code == 0
    def built_id(output: str) -> str:
        return next(line for line in output.splitlines() if line.startswith("Built ")).split()[1]

    ident = built_id(first.output)
    assert built_id(full.output) == ident and len(ident) == 17  # the id and its colon
    phases = [line.split(":")[0] for line in full.output.splitlines() if line.endswith(" s")]
    assert phases[:2] == ["reading the registry", "reading articles"]
    assert {"validating", "writing the store"} <= set(phases)


def test_validate_runs_on_either_engine_alike(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    facts = settings.facts_dir / "003_1397a4511c9db210.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + (
        "  - kind: event\n    event: event/ai-hub-city-vision-ceremony\n    date: \"2021-01-29\"\n"
        "    date_basis: resolved\n    evidence: 광주광역시는 29일 오후\n"), encoding="utf-8")
    fast, reference = (run(settings, "validate", "--engine", e) for e in ("fast", "pyshacl"))
    assert fast.exit_code == reference.exit_code == 1
    assert fast.output == reference.output and "startDate" in fast.output


def test_query_prints_a_table_with_korean_labels(project_settings: Settings,
                                                 built: BuildResult) -> None:
    result = run(project_settings, "query", SELECT_PEOPLE)
    assert result.exit_code == 0
    assert "강기정@ko" in result.output and "(49 rows)" in result.output


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_query_writes_standard_result_formats(project_settings: Settings, built: BuildResult,
                                              fmt: str) -> None:
    result = run(project_settings, "query", SELECT_PEOPLE, "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        rows = json.loads(result.output)["results"]["bindings"]
        names = [r["name"]["value"] for r in rows]
    else:
        sep = "," if fmt == "csv" else "\t"
        names = [line.split(sep)[0].split("@")[0].strip('"')
                 for line in result.output.splitlines()[1:]]
    assert len(names) == 49 and "이용섭" in names


def test_query_reads_a_file_and_stdin(project_settings: Settings, built: BuildResult) -> None:
    from_file = run(project_settings, "query", "-f",
                    str(ROOT / "queries" / "people-in-several-articles.rq"), "--format", "json")
    names = {r["name"]["value"] for r in json.loads(from_file.output)["results"]["bindings"]}
    assert {"이용섭", "임차식"} <= names
    from_stdin = run(project_settings, "query", "-", stdin="ASK { ?s a aig:Agreement }")
    assert from_stdin.output.strip() == "true"


def test_query_construct_writes_turtle_that_parses(project_settings: Settings,
                                                   built: BuildResult) -> None:
    result = run(project_settings, "query", "CONSTRUCT { ?a aig:party ?p } WHERE "
                 "{ ?a aig:party ?p }", "--format", "ttl")
    graph = rdflib.Graph().parse(data=result.output, format="turtle")
    assert len(graph) == 6 * 2 + 13  # six two-party agreements and one of 13 parties


@pytest.mark.parametrize(("fmt", "rdf_format"), [("trig", RdfFormat.TRIG),
                                                 ("nq", RdfFormat.N_QUADS),
                                                 ("ttl", RdfFormat.TURTLE),
                                                 ("jsonld", RdfFormat.JSON_LD)])
def test_export_writes_the_dataset_in_each_format(project_settings: Settings,
                                                  built: BuildResult, tmp_path: Path,
                                                  fmt: str, rdf_format: RdfFormat) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = run(project_settings, "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0
    quads = list(parse(out.read_bytes(), format=rdf_format))
    if rdf_format.supports_datasets:
        graphs = {q.graph_name.value for q in quads}
        assert "https://w3id.org/aigraph/graph/000-7b0d44fbd805e180" in graphs
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == built.triples


def test_validate_exits_0_when_the_graph_conforms(project_settings: Settings) -> None:
    result = run(project_settings, "validate")
    assert result.exit_code == 0 and "Conforms" in result.output


def test_validate_exits_1_for_violations(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    facts = settings.facts_dir / "003_1397a4511c9db210.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + (
        "  - kind: event\n    event: event/ai-hub-city-vision-ceremony\n    date: \"2021-01-29\"\n"
        "    date_basis: resolved\n    evidence: 광주광역시는 29일 오후\n"), encoding="utf-8")
    result = run(settings, "validate")
    assert result.exit_code == 1
    assert "startDate" in result.output


def test_stats_counts_instances_per_class(project_settings: Settings,
                                          built: BuildResult) -> None:
    result = run(project_settings, "stats")
    assert result.exit_code == 0
    counts = {line.split()[0]: int(line.split()[1]) for line in result.output.splitlines()
              if line.startswith("  ") and len(line.split()) == 2}
    assert counts["Person"] == 49 and counts["Agreement"] == 7


@pytest.mark.parametrize("args", [["stats"], ["export"], ["query", "ASK { ?s ?p ?o }"]])
def test_without_a_store_commands_say_how_to_build_one(tmp_path: Path,
                                                       args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(ROOT), "--store",
                           str(tmp_path / "nostore"), *args], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2
    assert "run 'aigraph build' first" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_a_syntax_error_names_line_and_column(project_settings: Settings,
                                              built: BuildResult) -> None:
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(ROOT), "--store",
                           str(project_settings.store_dir), "query",
                           "SELECT ?x\nWHERE { ?x ?y }"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2 and "SPARQL syntax error at line 2, column" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("breakage", ["non-utf8", "front-matter", "empty-body", "evidence",
                                      "unknown-entity", "unknown-field"])
def test_bad_input_exits_2_naming_the_file_and_leaves_the_store(
        scratch: Callable[[], Settings], breakage: str) -> None:
    settings = scratch()
    assert run(settings, "build").exit_code == 0
    target = settings.store_dir.resolve()
    article = settings.articles_dir / "002_5f85fdd0b0859a0c.md"
    facts = settings.facts_dir / "002_5f85fdd0b0859a0c.yaml"
    text = facts.read_text(encoding="utf-8")
    broken = {
        "non-utf8": (article, article.read_bytes() + b"\n\xc3\x28"),
        "front-matter": (article, article.read_bytes().replace(b"language: ko",
                                                                b"language: [ko", 1)),
        "empty-body": (article, article.read_bytes().split(b"\n---\n", 1)[0] + b"\n---\n\n"),
        "evidence": (facts, text.replace("evidence: ", "evidence: 없는 ", 1).encode()),
        "unknown-entity": (facts, text.replace("person/lee-yong-sup", "person/nobody",
                                               1).encode()),
        "unknown-field": (facts, text.replace("    evidence:", "    weight: 3\n    evidence:",
                                              1).encode()),
    }[breakage]
    broken[0].write_bytes(broken[1])
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(settings.root),
                           "--store", str(settings.store_dir), "build"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 2, proc.stderr
    assert broken[0].name in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert settings.store_dir.resolve() == target


def test_query_runs_a_saved_query_with_bound_parameters(project_settings: Settings,
                                                        built: BuildResult) -> None:
    result = run(project_settings, "query", "--saved", "people-by-organisation", "-p",
                 "org=https://w3id.org/aigraph/id/org/gist", "--format", "json")
    names = {r["name"]["value"] for r in json.loads(result.output)["results"]["bindings"]}
    assert {"김기선", "임기철"} <= names
    bad = run(project_settings, "query", "--saved", "evidence", "-p", "entity=bad")
    assert bad.exit_code == 2 and "parameter 'entity'" in bad.output


def test_extract_prints_drafts_as_json_that_follows_the_schema(
        project_settings: Settings) -> None:
    import jsonschema

    from aigraph.extract.draft import draft_schema

    fixture = ROOT / "tests" / "fixtures" / "articles" / "t1_forum.md"
    result = run(project_settings, "extract", "--json", str(fixture))
    assert result.exit_code == 0
    drafts = json.loads(result.output)
    jsonschema.validate(drafts, draft_schema())
    [article] = drafts
    assert article["article"] == "t1_forum" and article["facts"]
    body = fixture.read_text(encoding="utf-8").split("---\n", 2)[2]
    for fact in article["facts"]:
        assert body[fact["start"]:fact["end"]] == fact["evidence"]
    people = {f["person"]["label"]: f["org"]["label"] for f in article["facts"]
              if f["kind"] == "membership" and f["org"]}
    assert people["최민호"] == "해양수산부" and people["홍길순"] == "가상일보"


def test_extract_refuses_a_file_that_is_not_utf8(project_settings: Settings,
                                                 tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("광주시가 포럼을 열었다.".encode("euc-kr"))
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(ROOT), "extract",
                           str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "not UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_eval_prints_scores_per_kind(project_settings: Settings) -> None:
    result = run(project_settings, "eval", "--json")
    scores = {s["kind"]: s for s in json.loads(result.output)}
    assert scores["persons"]["f1"] >= 0.9 and set(scores["amounts"]) >= {"precision", "recall"}


def test_eval_unseen_prints_the_honest_score_beside_the_present_one(
        project_settings: Settings) -> None:
    table = run(project_settings, "eval", "--unseen").output.splitlines()
    assert "present" in table[0] and "unseen" in table[0]
    assert len([line for line in table if line.startswith("organisations")]) == 1
    scores = json.loads(run(project_settings, "eval", "--unseen", "--json").output)
    assert set(scores) == {"present", "unseen"}
    gold = json.loads(run(project_settings, "eval", "--json", "--gold",
                          str(ROOT / "tests" / "fixtures" / "news")).output)
    assert {s["kind"] for s in gold} >= {"persons", "agreements with parties"}


@pytest.mark.parametrize(("name", "content", "says"), [
    ("notes", "광주시가 포럼을 열었다.", "not an article file"),
    ("english.md", "An English text.", "no Korean text"),
    ("blank.md", "", "empty"),
    ("photo.md", None, "binary"),
])
def test_add_refuses_a_file_that_is_not_a_korean_article_in_one_line(
        scratch: Callable[[], Settings], tmp_path: Path, name: str, content: str | None,
        says: str) -> None:
    settings = scratch()
    source = tmp_path / name
    if content is None:
        source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    else:
        source.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(settings.root),
                           "add", str(source)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and says in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in settings.articles_dir.iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "articles").iterdir())
    assert not (settings.root / "var").exists()


def test_add_drafts_the_article_apart_and_swaps_in_a_store_with_one_more_article(
        scratch: Callable[[], Settings]) -> None:
    """As a maintainer runs it: the article is drafted in a process of its own while the
    other articles are read from the build cache, and the new store is swapped in."""
    settings = scratch()
    assert run(settings, "build", "--quiet").exit_code == 0
    source = ROOT / "tests" / "fixtures" / "articles" / "t1_forum.md"
    proc = subprocess.run([sys.executable, "-m", "aigraph", "--root", str(settings.root),
                           "add", "--timings", str(source)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Added ") and "draft facts" in proc.stdout
    assert "drafting facts:" in proc.stderr and "validating:" in proc.stderr
    graphs = Store.read_only(str(settings.store_dir.resolve())).query(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a a <https://schema.org/NewsArticle> }")
    assert int(next(iter(graphs))["n"].value) == 6


def test_synthesize_writes_a_corpus_that_builds(tmp_path: Path, built: BuildResult) -> None:
    out = tmp_path / "big"
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "synthesize", "--articles", "12",
                                      "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(list((out / "data" / "articles").iterdir())) == 12
    built_big = CliRunner().invoke(cli, ["--root", str(out), "build"], catch_exceptions=False)
    assert built_big.exit_code == 0, built_big.output
    triples = int(built_big.output.split(": ", 1)[1].split()[0])
    assert triples > built.triples  # twelve invented articles outweigh our five


def display_width(text: str) -> int:
    """Terminal columns of a text: East Asian wide and fullwidth characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def cell_starts(line: str) -> list[int]:
    """The display column at which each cell of a table line starts (cells are two or more
    spaces apart; a cell holds at most single spaces)."""
    return [display_width(line[:m.start()]) for m in re.finditer(r"(?:^|(?<=  ))\S", line)]


LABELS_KO_AND_EN = ("SELECT ?label ?kind ?city WHERE { VALUES (?label ?kind ?city) { "
                    "('광주과학기술원'@ko 'org' '광주') ('GIST'@en '기관' 'Gwangju') "
                    "('인공지능산업융합사업단'@ko 'agency' 'Gwangju Buk-gu') } }")


def test_the_table_aligns_korean_and_latin_labels_by_display_width(
        project_settings: Settings, built: BuildResult) -> None:
    result = run(project_settings, "query", LABELS_KO_AND_EN)
    assert result.exit_code == 0
    *table, footer = result.output.splitlines()
    assert footer == "(3 rows)"
    header, rule, *rows = table
    assert rule.split() == ["-" * 25, "-" * 6, "-" * 14]  # the widest cell of each column
    for line in table:
        assert cell_starts(line) == [0, 27, 35], line  # every separator at the same column
    assert [re.split(r" {2,}", row) for row in rows] == [
        ["광주과학기술원@ko", "org", "광주"], ["GIST@en", "기관", "Gwangju"],
        ["인공지능산업융합사업단@ko", "agency", "Gwangju Buk-gu"]]


def test_the_table_cuts_a_long_cell_with_an_ellipsis(project_settings: Settings,
                                                     built: BuildResult) -> None:
    long_label = "광주" * 50 + " AI"
    result = run(project_settings, "query",
                 f"SELECT ?label ?n WHERE {{ VALUES (?label ?n) {{ ('{long_label}' 1) "
                 "('짧은 이름' 2) } }")
    header, rule, first, second, _ = result.output.splitlines()
    cell = re.split(r" {2,}", first)[0]
    assert cell.endswith("…") and long_label.startswith(cell[:-1])
    assert display_width(cell) <= 60
    assert len({tuple(cell_starts(line)) for line in (header, rule, first, second)}) == 1


def aigraph_query(settings: Settings, sparql: str) -> subprocess.CompletedProcess[str]:
    """``aigraph query`` as a user runs it, stderr kept apart from stdout."""
    return subprocess.run([sys.executable, "-m", "aigraph", "--root", str(ROOT), "--store",
                           str(settings.store_dir), "query", sparql], capture_output=True,
                          text=True, check=False)


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("Error: ")
    return proc.stderr.strip()


def test_an_unknown_prefix_is_one_line_naming_it_and_how_to_declare_it(
        project_settings: Settings, built: BuildResult) -> None:
    line = one_error_line(aigraph_query(project_settings, "SELECT * WHERE { ?s foo:bar ?o }"))
    assert line.startswith("Error: SPARQL syntax error: unknown prefix 'foo:' at line 1, "
                           "column 21; declare it with PREFIX foo: <…> or use one of aig:, ")
    assert "schema:" in line and "org:" in line


def test_a_syntax_error_is_one_line_at_the_position_in_the_text_as_written(
        project_settings: Settings, built: BuildResult) -> None:
    # aig: and rdfs: are declared for the user, on a line the positions do not count
    line = one_error_line(aigraph_query(project_settings, "SELECT ?name\nWHERE { ?p a aig:Person "
                                        ";\n  rdfs:label ?name }\nLIMIT x"))
    assert line == ("Error: SPARQL syntax error at line 4, column 7 (near 'x'): expected "
                    "HAVING, OFFSET, OPTIONAL, VALUES or a digit")


@pytest.mark.parametrize(("update", "operation"), [
    ("INSERT DATA { <https://w3id.org/aigraph/id/x> rdfs:label '새 이름'@ko }", "INSERT DATA"),
    ("DELETE WHERE { ?p a aig:Person }", "DELETE WHERE"),
    ("LOAD <https://example.org/more.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
])
def test_an_update_is_refused_in_one_line_saying_the_query_only_reads(
        project_settings: Settings, built: BuildResult, update: str, operation: str) -> None:
    line = one_error_line(aigraph_query(project_settings, update))
    assert line == (f"Error: SPARQL updates are refused ({operation}): queries only read the "
                    "store; change the data in data/ and run 'aigraph build'")
    assert "49" in run(project_settings, "query", "SELECT (COUNT(?p) AS ?n) WHERE "
                       "{ ?p a aig:Person }").output  # nothing changed
