"""Extraction speed: articles per second on one core, the model load, and peak memory.

The corpus articles are cut into pieces of about 2,000 characters (whole sentences), the
size the target names, and drafted by the extractor pinned to one core. The one-off load of
the Kiwi model is timed separately. Run by ``make bench`` after the SPARQL benchmark, or as
``.venv/bin/python bench/extraction.py``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_CHARS = 2000
TARGET_RATE = 15.0


def pieces(root: Path) -> list[Path]:
    """Article files of about 2,000 characters each, cut from the corpus at line ends."""
    from aigraph.articles import list_articles, read_article

    out_dir = Path(os.environ.get("BENCH_TMP", "/tmp")) / "aigraph-bench-extract"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for path in list_articles(root / "data" / "articles"):
        article = read_article(path)
        chunk: list[str] = []
        for line in article.body.splitlines(keepends=True):
            chunk.append(line)
            if sum(map(len, chunk)) >= TARGET_CHARS:
                paths.append(_write(out_dir, article.key, len(paths), chunk, article.meta))
                chunk = []
        if sum(map(len, chunk)) >= TARGET_CHARS // 2:
            paths.append(_write(out_dir, article.key, len(paths), chunk, article.meta))
    return paths


def _write(folder: Path, key: str, n: int, lines: list[str], meta: dict[str, str]) -> Path:
    path = folder / f"{key}-{n}.md"
    front = "".join(f'{k}: "{v}"\n' for k, v in meta.items() if k in ("date", "publisher"))
    path.write_text(f"---\n{front}---\n{''.join(lines)}", encoding="utf-8")
    return path


def main() -> int:
    """Print the extraction figures as a Markdown table; always exit 0."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(ROOT / "src"))
    from aigraph.articles import read_article
    from aigraph.extract import Extractor
    from aigraph.extract.words import load_kiwi
    from aigraph.registry import load_registry

    started = time.perf_counter()
    kiwi = load_kiwi()
    load_s = time.perf_counter() - started
    extractor = Extractor(load_registry(ROOT / "data" / "registry"), kiwi)
    articles = [read_article(p) for p in pieces(ROOT)]
    chars = sum(len(a.body) for a in articles)
    extractor.extract(articles[0])  # warm-up
    rounds = 3
    started = time.perf_counter()
    facts = 0
    for _ in range(rounds):
        for article in articles:
            facts += len(extractor.extract(article).facts)
    elapsed = time.perf_counter() - started
    done = rounds * len(articles)
    rate = done / elapsed
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = sys.stdout.write
    out("### Extraction (one core)\n\n")
    out("| figure | value |\n|---|---|\n")
    out(f"| model load (Kiwi, once per process) | {load_s:.2f} s |\n")
    out(f"| articles | {len(articles)} pieces of ~{chars // len(articles)} characters, "
        f"{rounds} rounds |\n")
    out(f"| throughput | {rate:.1f} articles/s ({rate * chars / len(articles) / 1000:.1f} "
        f"kchar/s), {facts // rounds} draft facts per round |\n")
    out(f"| peak resident memory | {peak_mib:.0f} MiB |\n")
    verdict = "met" if rate >= TARGET_RATE else "missed"
    out(f"\n- at least {TARGET_RATE:.0f} articles of ~{TARGET_CHARS} characters per second: "
        f"{rate:.1f} — target {verdict}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
