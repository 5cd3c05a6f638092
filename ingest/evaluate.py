"""Precision, recall and F1 of extraction against hand-made gold annotations.

A gold file (``tests/gold/<thread>.yaml``) names posts by an *anchor*: a few verbatim words
of the post body, so the comparison does not depend on how the reader numbers posts.
Tasks: posts (segmentation), authors, replies, stances (from, to, kind), stance targets
(the answered claim) and topics (of matched stances). Where a gold field lists several
values, any of them counts as right: some answers are honestly ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.ids import slugify
from kg.models import Post, Stance, ThreadBundle

TASKS = ("posts", "authors", "replies", "stances", "stance targets", "topics")
_WS = re.compile(r"\s+")


@dataclass
class Score:
    """Counts of one task; the ratios follow from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    """Scores per thread and task, and their sums."""

    threads: dict[str, dict[str, Score]] = field(default_factory=dict)

    def total(self) -> dict[str, Score]:
        out = {t: Score() for t in TASKS}
        for scores in self.threads.values():
            for task, score in scores.items():
                out[task].add(score)
        return out


def norm(text: str) -> str:
    """Whitespace- and quote-insensitive form, for anchors."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().lower()


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file as plain data."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def match_posts(gold: dict[str, Any], bundle: ThreadBundle) -> dict[str, Post]:
    """Gold post key -> the extracted post whose text holds the anchor."""
    out: dict[str, Post] = {}
    texts = [(p, norm(p.text)) for p in bundle.posts]
    for g in gold["posts"]:
        anchor = norm(g["anchor"])
        hit = next((p for p, t in texts if anchor in t), None)
        if hit is not None:
            out[g["key"]] = hit
    return out


def score_thread(gold: dict[str, Any], bundle: ThreadBundle) -> dict[str, Score]:
    """All task scores of one thread."""
    matched = match_posts(gold, bundle)
    scores = {
        "posts": _score_posts(gold, bundle, matched),
        "authors": _score_authors(gold, bundle, matched),
        "replies": _score_replies(gold, matched),
    }
    scores.update(_score_stances(gold, bundle, matched))
    return scores


def _score_posts(gold: dict[str, Any], bundle: ThreadBundle, matched: dict[str, Post]) -> Score:
    s = Score()
    required = [g for g in gold["posts"] if not g.get("optional")]
    s.tp = sum(1 for g in required if g["key"] in matched)
    s.fn = len(required) - s.tp
    used = {p.id for p in matched.values()}
    s.fp = sum(1 for p in bundle.posts if p.id not in used)
    return s


def _author_names(bundle: ThreadBundle) -> dict[str, set[str]]:
    return {a.id: {slugify(n) for n in [a.name, *a.aliases]} for a in bundle.authors}


def _score_authors(gold: dict[str, Any], bundle: ThreadBundle, matched: dict[str, Post]) -> Score:
    s = Score()
    names = _author_names(bundle)
    for g in gold["posts"]:
        if g.get("optional"):
            continue
        want = {slugify(n) for n in [g.get("author"), *g.get("aliases", [])] if n}
        post = matched.get(g["key"])
        got = names.get(post.author, set()) if post and post.author else set()
        if want and got and want & got:
            s.tp += 1
        else:
            s.fn += 1 if want else 0
            s.fp += 1 if got else 0
    return s


def _score_replies(gold: dict[str, Any], matched: dict[str, Post]) -> Score:
    s = Score()
    for g in gold["posts"]:
        if "reply_to" not in g or g.get("optional"):
            continue
        post = matched.get(g["key"])
        ok = {matched[k].id for k in _as_set(g["reply_to"]) if k in matched}
        if post is not None and post.reply_to in ok:
            s.tp += 1
        else:
            s.fn += 1
            s.fp += 1 if post is not None and post.reply_to else 0
    return s


def _score_stances(
    gold: dict[str, Any], bundle: ThreadBundle, matched: dict[str, Post]
) -> dict[str, Score]:
    st, tg, tp = Score(), Score(), Score()
    claims = {c.id: norm(c.text) for c in bundle.claims}
    free = list(bundle.stances)
    for g in gold.get("stances") or []:
        hit = _find_stance(g, free, matched)
        if hit is None:
            st.fn += 1
            tg.fn += 1 if g.get("to_claim") else 0
            tp.fn += 1 if g.get("topic") else 0
            continue
        free.remove(hit)
        st.tp += 1
        if g.get("to_claim"):
            anchor = norm(g["to_claim"])
            got = claims.get(hit.to_claim or "", "")
            right = bool(got) and (anchor in got or got in anchor)
            tg.tp, tg.fn, tg.fp = (
                tg.tp + right,
                tg.fn + (not right),
                tg.fp + (bool(got) and not right),
            )
        want = _as_set(g.get("topic"))
        if want and hit.topic in want:
            tp.tp += 1
        else:
            tp.fn += 1 if want else 0
            tp.fp += 1 if hit.topic else 0
    st.fp = len(free)
    tg.fp += sum(1 for s in free if s.to_claim)
    tp.fp += sum(1 for s in free if s.topic)
    return {"stances": st, "stance targets": tg, "topics": tp}


def _find_stance(g: dict[str, Any], pool: list[Stance], matched: dict[str, Post]) -> Stance | None:
    src = matched.get(g["from"])
    targets = {matched[k].id for k in _as_set(g["to"]) if k in matched}
    if src is None or not targets:
        return None
    return next(
        (s for s in pool if s.from_post == src.id and s.to_post in targets and s.kind == g["kind"]),
        None,
    )


def evaluate(
    gold_dir: Path, corpus_dir: Path, bundles: Iterable[ThreadBundle] | None = None
) -> Report:
    """Score every gold thread, extracting its source unless its bundle is given."""
    from ingest.pipeline import extract_file

    given = {b.thread.id: b for b in bundles or []}
    report = Report()
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        gold = load_gold(path)
        bundle = given.get(gold["thread"])
        if bundle is None:
            found = [
                b
                for b in extract_file(Path(corpus_dir) / gold["source"])
                if b.thread.id == gold["thread"]
            ]
            bundle = found[0] if found else None
        if bundle is not None:
            report.threads[gold["thread"]] = score_thread(gold, bundle)
    return report


def format_table(report: Report, *, per_thread: bool = False) -> str:
    """A plain-text table of P/R/F1 per task (and per thread when asked)."""
    rows = [f"{'task':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    groups = [*(report.threads.items() if per_thread else []), ("all threads", report.total())]
    for name, scores in groups:
        rows.append(f"-- {name}")
        for task in TASKS:
            s = scores[task]
            rows.append(
                f"{task:<16}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            )
    return "\n".join(rows)
