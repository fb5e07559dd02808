"""Shared fixtures. The knowledge base is loaded once per session: it is immutable."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.knowledge import DEFAULT_DIR, KnowledgeBase, KnowledgeError, load_knowledge

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Every process the tests start keeps its compiled knowledge here, not in the user's ~/.cache.
if "SRM_CACHE_DIR" not in os.environ:
    os.environ["SRM_CACHE_DIR"] = tempfile.mkdtemp(prefix="srm-test-cache-")
    atexit.register(shutil.rmtree, os.environ["SRM_CACHE_DIR"], True)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    """A copy of the knowledge base to break on purpose."""
    root = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, root)
    return root


def knowledge_problems(root: Path) -> list[str]:
    """Every problem `load_knowledge` reports for the folder, as printed."""
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return [str(p) for p in caught.value.problems]


# -- databases: every database test runs on SQLite and on PostgreSQL ----------------------------

import os  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

POSTGRES_URL = os.environ.get("SRM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database() -> Iterator[str]:
    """A fresh database on the PostgreSQL server, dropped afterwards; skipped if there is none."""
    admin_url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            name = f"srm_test_{uuid.uuid4().hex[:12]}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at {admin_url.render_as_string()}: {exc.__class__.__name__}")
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'srm.sqlite3'}"
    else:
        yield from _postgres_database()


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'srm.sqlite3'}"
