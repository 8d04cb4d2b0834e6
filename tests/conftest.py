"""Shared fixtures: the project's own data, a store built once per run, scratch projects."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import Quad, Store

from aigraph.build import BuildResult, build, plan
from aigraph.config import Settings
from aigraph.dataset import Inputs, load_inputs
from aigraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def project_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's real inputs, with the store in a temporary folder."""
    store = tmp_path_factory.mktemp("var") / "store"
    return Settings(root=ROOT, store_dir=store, build_time=FIXED_TIME)


@pytest.fixture(scope="session")
def inputs(project_settings: Settings) -> Inputs:
    return load_inputs(project_settings)


@pytest.fixture(scope="session")
def quads(project_settings: Settings) -> list[Quad]:
    return plan(project_settings)[0]


@pytest.fixture(scope="session")
def built(project_settings: Settings) -> BuildResult:
    """The corpus built once per test run into a temporary store."""
    return build(project_settings)


@pytest.fixture(scope="session")
def store(built: BuildResult, project_settings: Settings) -> Store:
    return open_store(project_settings)


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[[], Settings]:
    """A copy of the project's inputs in a temporary folder, free to break."""

    def make() -> Settings:
        root = tmp_path / "project"
        for folder in ("data", "ontology"):
            shutil.copytree(ROOT / folder, root / folder)
        return Settings(root=root, build_time=FIXED_TIME)

    return make
