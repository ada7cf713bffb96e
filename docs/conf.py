"""Sphinx configuration; name and version come from pyproject.toml."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

project = _project["name"]
release = _project["version"]
version = release
author = "newsdesk contributors"
extensions = ["myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
