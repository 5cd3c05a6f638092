"""Header and data CSV files for ``neo4j-admin database import full``, for corpora too big for Bolt.

One header file and one data file per node label (its id space) and per relationship
type between two labels, plus ``import.args``: the options that make neo4j-admin read
them (multi-line text; arrays, and the labels column, split on a control character no text contains). Import
them into a new, stopped database, then run ``debatekg ensure-schema`` (or any ingest) to create the
constraints and indexes, which the import does not make.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.export.dump import Node, Rel

ARRAY_DELIMITER = "\x1f"
ARGS_FILE = "import.args"


def write_admin_csv(nodes: list[Node], rels: list[Rel], out_dir: Path) -> list[str]:
    """Write the files into ``out_dir``; returns the neo4j-admin options naming them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    args = ["--multiline-fields=true", "--array-delimiter=U+001F", "--id-type=string"]
    by_label: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        by_label[n.primary].append(n)
    for label, group in sorted(by_label.items()):
        types = _types(p for n in group for p in n.props.items() if p[0] != "id")
        header = [f"id:ID({label})", *[f"{k}:{t}" for k, t in types.items()], ":LABEL"]
        rows = [[n.id, *[_cell(n.props.get(k)) for k in types], ARRAY_DELIMITER.join(n.labels)]
                for n in group]
        args.append("--nodes=" + _write(out_dir, f"nodes_{label}", header, rows))
    by_type: dict[tuple[str, str, str], list[Rel]] = defaultdict(list)
    for r in rels:
        by_type[(r.type, r.start_label, r.end_label)].append(r)
    for (rtype, a, b), group in sorted(by_type.items()):
        types = _types(p for r in group for p in r.props.items())
        header = [f":START_ID({a})", f":END_ID({b})", *[f"{k}:{t}" for k, t in types.items()],
                  ":TYPE"]
        rows = [[r.start, r.end, *[_cell(r.props.get(k)) for k in types], rtype]
                for r in group]
        args.append("--relationships=" + _write(out_dir, f"rels_{rtype}_{a}_{b}", header, rows))
    (out_dir / ARGS_FILE).write_text("\n".join(args) + "\n", encoding="utf-8")
    return args


def _write(out_dir: Path, stem: str, header: list[str], rows: list[list[Any]]) -> str:
    head, data = out_dir / f"{stem}_header.csv", out_dir / f"{stem}.csv"
    for path, content in ((head, [header]), (data, rows)):
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(content)
    return f"{head},{data}"


def _types(pairs) -> dict[str, str]:
    """Each property's neo4j-admin type; a property of mixed types falls back to string."""
    seen: dict[str, set[str]] = defaultdict(set)
    for k, v in pairs:
        if v is not None:
            seen[k].add(_type(v))
    out = {}
    for k in sorted(seen):
        kinds = seen[k]
        if kinds == {"long", "double"}:
            kinds = {"double"}
        out[k] = kinds.pop() if len(kinds) == 1 else "string"
    return out


def _type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, list):
        inner = {_type(x) for x in v} or {"string"}
        return f"{inner.pop()}[]" if len(inner) == 1 else "string[]"
    return "string"


def _cell(v: Any) -> Any:
    """A CSV cell: None stays empty (no property), text and booleans quoted, numbers bare."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        if not v:
            return None  # an empty array is written as no property
        return ARRAY_DELIMITER.join(_cell_str(x) for x in v)
    return v


def _cell_str(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)
