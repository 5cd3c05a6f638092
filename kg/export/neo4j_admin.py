"""Header and data CSV files for ``neo4j-admin database import full``, for corpora too big for Bolt.

One header file and one data file per node label (its id space) and per relationship
type between two labels, plus ``import.args``: the options that make neo4j-admin read
them (multi-line text; arrays, and the labels column, split on a control character no text contains). Import
them into a new, stopped database, then run ``debatekg ensure-schema`` (or any ingest) to create the
constraints and indexes, which the import does not make.

The files are written as the graph streams in, a page of nodes at a time, so the export
holds one page in memory whatever the size of the graph; the column types come first, from
a query the server answers without sending any values.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import neo4j

from kg.export.dump import PAGE_SIZE, Kinds, iter_nodes, iter_rels, read_kinds, thread_scope

ARRAY_DELIMITER = "\x1f"
ARGS_FILE = "import.args"

# valueType() names of the scalars neo4j-admin types natively; everything else goes as text.
_ADMIN_TYPES = {"BOOLEAN": "boolean", "INTEGER": "long", "FLOAT": "double"}


@dataclass(frozen=True)
class AdminExport:
    """What ``write_admin_csv`` wrote: counts, and the neo4j-admin options naming the files."""

    nodes: int
    relationships: int
    args: list[str]


def write_admin_csv(driver: neo4j.Driver, out_dir: Path, *, database: str,
                    thread_id: str | None = None, page_size: int = PAGE_SIZE) -> AdminExport:
    """Stream the graph (or one thread) into ``out_dir``; memory stays flat however big it is.

    Each row is written as its page arrives: nodes label by label in id order, then the
    relationships leaving each label's nodes in (start, end) order, one file per type and
    label pair. ``page_size`` nodes are read at a time (their rows, or the relationships
    leaving them). Raises ``ThreadNotFound`` for an unknown ``thread_id``, before writing.
    """
    scope = thread_scope(driver, database=database, thread_id=thread_id)
    node_kinds, rel_kinds = read_kinds(driver, database=database, scope=scope)
    out_dir.mkdir(parents=True, exist_ok=True)
    read = {"driver": driver, "database": database, "scope": scope, "page_size": page_size}
    node_files, nodes = _write_nodes(out_dir, node_kinds, read)
    rel_files, rels = _write_rels(out_dir, sorted(node_kinds), rel_kinds, read)
    args = ["--multiline-fields=true", "--array-delimiter=U+001F", "--id-type=string"]
    args += [f"--nodes={node_files[k]}" for k in sorted(node_files)]
    args += [f"--relationships={rel_files[k]}" for k in sorted(rel_files)]
    (out_dir / ARGS_FILE).write_text("\n".join(args) + "\n", encoding="utf-8")
    return AdminExport(nodes, rels, args)


def _write_nodes(out_dir: Path, kinds: dict[str, Kinds],
                 read: dict[str, Any]) -> tuple[dict[str, str], int]:
    """One file pair per primary label; returns the pairs by label and the rows written."""
    files, total = {}, 0
    for label in sorted(kinds):
        types = _types({k: v for k, v in kinds[label].items() if k != "id"})
        header = [f"id:ID({label})", *[f"{k}:{t}" for k, t in types.items()], ":LABEL"]
        with _CsvPair(out_dir, f"nodes_{label}", header) as out:
            for n in iter_nodes(label=label, **read):
                out.row([n.id, *[_cell(n.props.get(k)) for k in types],
                         ARRAY_DELIMITER.join(n.labels)])
        files[label], total = out.files, total + out.rows
    return files, total


def _write_rels(out_dir: Path, labels: list[str], kinds: dict[tuple[str, str, str], Kinds],
                read: dict[str, Any]) -> tuple[dict[tuple[str, str, str], str], int]:
    """One file pair per (type, start label, end label) that has relationships; as above."""
    files, total = {}, 0
    for a in labels:
        # The files of one start label fill side by side: rows come in (start, end) order.
        groups: dict[tuple[str, str], tuple[_CsvPair, list[str]]] = {}
        try:
            for r in iter_rels(start_label=a, **read):
                if (r.type, r.end_label) not in groups:
                    groups[(r.type, r.end_label)] = _rel_file(
                        out_dir, r.type, a, r.end_label, kinds.get((r.type, a, r.end_label), {}))
                out, keys = groups[(r.type, r.end_label)]
                out.row([r.start, r.end, *[_cell(r.props.get(k)) for k in keys], r.type])
        finally:
            for out, _ in groups.values():
                out.close()
        for (rtype, b), (out, _) in groups.items():
            files[(rtype, a, b)], total = out.files, total + out.rows
    return files, total


class _CsvPair:
    """A header file, written at once, and a data file that takes rows as they come."""

    def __init__(self, out_dir: Path, stem: str, header: list[str]) -> None:
        head, data = out_dir / f"{stem}_header.csv", out_dir / f"{stem}.csv"
        with head.open("w", encoding="utf-8", newline="") as fh:
            _writer(fh).writerow(header)
        self.files = f"{head},{data}"
        self.rows = 0
        self._fh = data.open("w", encoding="utf-8", newline="")
        self._writer = _writer(self._fh)

    def row(self, cells: list[Any]) -> None:
        self._writer.writerow(cells)
        self.rows += 1

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> _CsvPair:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _rel_file(out_dir: Path, rtype: str, a: str, b: str,
              kinds: Kinds) -> tuple[_CsvPair, list[str]]:
    types = _types(kinds)
    header = [f":START_ID({a})", f":END_ID({b})", *[f"{k}:{t}" for k, t in types.items()],
              ":TYPE"]
    return _CsvPair(out_dir, f"rels_{rtype}_{a}_{b}", header), list(types)


def _writer(fh: IO[str]) -> Any:
    return csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")


def _types(kinds: Kinds) -> dict[str, str]:
    """Each property's neo4j-admin type; a property of mixed types falls back to string."""
    out = {}
    for k in sorted(kinds):
        types = {_admin_type(kind) for kind in kinds[k]}
        if types == {"long", "double"}:
            types = {"double"}
        out[k] = types.pop() if len(types) == 1 else "string"
    return out


def _admin_type(kind: str) -> str:
    """``INTEGER NOT NULL`` -> ``long``, ``LIST<STRING NOT NULL> NOT NULL`` -> ``string[]``.

    An empty list (``LIST<NOTHING>``) and a list of temporal values are text arrays.
    """
    base = kind.removesuffix(" NOT NULL")
    if base.startswith("LIST<") and base.endswith(">"):
        inner = base[len("LIST<"):-1].removesuffix(" NOT NULL")
        return _ADMIN_TYPES.get(inner, "string") + "[]"
    return _ADMIN_TYPES.get(base, "string")


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
