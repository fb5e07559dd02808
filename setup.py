"""Packaging that pyproject.toml cannot express: top-level `knowledge/` ships as `bot/_knowledge`.

`knowledge/` stays where people edit it; the wheel carries a copy inside the package, so a
non-editable install (`pip install .`, a wheel, a container image) finds its knowledge base.
Everything under `knowledge/` goes in, whatever files and folders are added there later: each
folder is a data package of its own (setuptools ships data per package, and warns about, and
may one day skip, folders inside a package that are not listed as packages).
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

KNOWLEDGE = Path("knowledge")
FOLDERS = [KNOWLEDGE, *sorted(p for p in KNOWLEDGE.rglob("*") if p.is_dir() and p.name != "__pycache__")]
DATA = {".".join(("bot._knowledge", *folder.relative_to(KNOWLEDGE).parts)): ["*", ".*"] for folder in FOLDERS}

setup(
    # Namespace packages too: the Alembic migrations are folders without __init__.py.
    packages=[*find_namespace_packages(include=["bot", "bot.*"], exclude=["*.__pycache__"]), *DATA],
    package_dir={"bot._knowledge": "knowledge"},
    package_data={"bot": ["py.typed"], **DATA},
    exclude_package_data={name: ["*.pyc"] for name in DATA},
)
