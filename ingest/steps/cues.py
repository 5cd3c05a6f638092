"""Loading of the cue-phrase and lexicon YAML files under ``ingest/data``.

Cue phrases are data a curator tunes, not code; this module reads them once per process
and compiles their patterns, so the steps stay free of hard-coded phrases.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@cache
def load_data(name: str) -> Any:
    """Parse ``ingest/data/<name>`` once; the files ship with the package."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Cue patterns are case-insensitive and tolerate typographic apostrophes."""
    return re.compile(pattern.replace("'", "['’]"), re.IGNORECASE)
