"""The dataset a build makes: every graph it has, and the names no article may take."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from pyoxigraph import Quad

from aigraph.config import Settings
from aigraph.dataset import FIXED_GRAPHS, load_inputs
from aigraph.errors import ArticleError
from aigraph.vocab import Minter


def test_a_build_has_the_fixed_graphs_and_one_per_article(quads: list[Quad],
                                                          project_settings: Settings) -> None:
    minter = Minter(project_settings.base_iri)
    inputs = load_inputs(project_settings)
    expected = {minter.graph(name) for name in (*FIXED_GRAPHS, "void")}
    expected |= {minter.article_graph(a.key) for a in inputs.articles}
    assert {q.graph_name for q in quads} == expected


@pytest.mark.parametrize("name", ["inferred", "void", "registry"])
def test_an_article_may_not_take_the_name_of_a_fixed_graph(
        scratch: Callable[[], Settings], name: str) -> None:
    settings = scratch()
    shutil.copy(settings.articles_dir / "000_7b0d44fbd805e180.md",
                settings.articles_dir / f"{name}.md")
    with pytest.raises(ArticleError, match="name of a graph"):
        load_inputs(settings)
