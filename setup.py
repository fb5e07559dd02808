"""Packaging that pyproject.toml cannot express: top-level `knowledge/` ships as `bot/_knowledge`.

`knowledge/` stays where people edit it; the wheel carries a copy inside the package, so a
non-editable install (`pip install .`, a wheel, a container image) finds its knowledge base.
Everything under `knowledge/` goes in, whatever files and folders are added there later.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*"]), "bot._knowledge"],
    package_dir={"bot._knowledge": "knowledge"},
    package_data={
        "bot": ["py.typed", "storage/migrations/*.py", "storage/migrations/versions/*.py"],
        "bot._knowledge": ["**/*"],
    },
    exclude_package_data={"bot._knowledge": ["**/__pycache__/*", "**/*.pyc"]},
)
