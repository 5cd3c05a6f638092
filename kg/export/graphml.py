"""GraphML through networkx, for Gephi, yEd and Cytoscape.

GraphML values are scalars, so list properties (aliases, keyphrases) are written as JSON
text; each node keeps its labels in ``labels`` (``Post`` or ``Stance;Disagreement``) and a
short ``label`` for display, and each edge its relationship ``type``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.dump import Node, Rel

LABEL_CHARS = 60


def to_networkx(nodes: list[Node], rels: list[Rel]) -> nx.MultiDiGraph:
    """The property graph as a networkx multigraph; our stable id is the ``id`` attribute.

    GraphML node ids must be XML name tokens, which ours (``t1:p1>p0:s0``) are not, so the
    file numbers its nodes ``n0, n1, ...`` in label-then-id order (and its edges ``e0, e1, ...``).
    """
    g = nx.MultiDiGraph()
    key = {(n.primary, n.id): f"n{i}" for i, n in enumerate(nodes)}
    for n in nodes:
        g.add_node(key[(n.primary, n.id)], id=n.id, labels=";".join(n.labels),
                   label=_display(n), **_scalars(n.props, skip={"id"}))
    for i, r in enumerate(rels):
        g.add_edge(key[(r.start_label, r.start)], key[(r.end_label, r.end)], key=f"e{i}", type=r.type,
                   label=r.type, **_scalars(r.props))
    return g


def write_graphml(nodes: list[Node], rels: list[Rel], out: Path) -> None:
    """Write a GraphML file that validates against the GraphML 1.0 schema."""
    nx.write_graphml_lxml(to_networkx(nodes, rels), str(out), encoding="utf-8",
                          prettyprint=True)


def _display(n: Node) -> str:
    text = str(n.props.get("name") or n.props.get("label") or n.props.get("title")
               or n.props.get("text") or n.id)
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _scalars(props: dict[str, Any], skip: set[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if k in skip or v is None or k in ("labels", "label", "type"):
            continue
        out[k] = json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
    return out
