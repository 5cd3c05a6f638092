"""A curator's corrections to one thread, kept in YAML and applied on every ingest.

Extraction is re-run whenever a thread is ingested again, so corrections must live outside
the graph: ``<source stem>.overrides.yaml`` beside the source file (or
``<thread id>.overrides.yaml`` / ``<source stem>.overrides.yaml`` in a directory given by
option). Posts are named by their ``index`` as printed by ``debatekg extract``::

    thread: 000_72d4a851b8b20431        # optional; needed only when a file holds several threads
    authors:
      - {post: 3, name: Jane Doe}       # name: null makes the author unknown
    replies:
      - {post: 5, to: 2}                # to: null makes it a reply to the article
    stances:
      add:
        - {from: 8, to: 6, kind: disagreement, partial: true, topic: power-vs-influence}
      remove:
        - {from: 4, to: 0}              # every stance of post 4 towards post 0 (kind: narrows it)
    topics:
      rename: {listening: Listening to customers}

Every error names the file and the line of the offending entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest import ids
from ingest.errors import UnreadableInput
from kg.models import Author, Stance, ThreadBundle, Topic

SUFFIX = ".overrides.yaml"


class OverridesError(UnreadableInput):
    """An overrides file that cannot be read or applied; the message names file and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AuthorFix(_Strict):
    post: int = Field(ge=0)
    name: str | None


class ReplyFix(_Strict):
    post: int = Field(ge=1)
    to: int | None = Field(ge=0)


class StanceAdd(_Strict):
    from_: int = Field(alias="from", ge=0)
    to: int = Field(ge=0)
    kind: Literal["agreement", "disagreement"]
    partial: bool = False
    topic: str | None = None
    cue: str | None = None


class StanceRemove(_Strict):
    from_: int = Field(alias="from", ge=0)
    to: int = Field(ge=0)
    kind: Literal["agreement", "disagreement"] | None = None


class StanceFixes(_Strict):
    add: list[StanceAdd] = Field(default_factory=list)
    remove: list[StanceRemove] = Field(default_factory=list)


class TopicFixes(_Strict):
    rename: dict[str, str] = Field(default_factory=dict)


class OverridesSpec(_Strict):
    thread: str | None = None
    authors: list[AuthorFix] = Field(default_factory=list)
    replies: list[ReplyFix] = Field(default_factory=list)
    stances: StanceFixes = Field(default_factory=StanceFixes)
    topics: TopicFixes = Field(default_factory=TopicFixes)


class Overrides:
    """A parsed overrides file; keeps the YAML node tree so later errors can name a line."""

    def __init__(self, path: Path, spec: OverridesSpec, root: yaml.Node | None) -> None:
        self.path, self.spec, self.root = path, spec, root

    def error(self, loc: tuple[Any, ...], message: str) -> OverridesError:
        """An error naming the file and the line of the entry at ``loc``."""
        return OverridesError(f"{self.path}:{line_of(self.root, loc)}: {message}")


def find_overrides(source: str, thread_id: str, overrides_dir: Path | None = None) -> Path | None:
    """The overrides file for a thread, if a curator wrote one."""
    src = Path(source)
    names = [f"{thread_id}{SUFFIX}", f"{src.stem}{SUFFIX}"]
    dirs = [overrides_dir] if overrides_dir else []
    dirs.append(src.parent)
    for d in dirs:
        for name in names:
            if (d / name).is_file():
                return d / name
    return None


def load_overrides(path: Path) -> Overrides:
    """Parse and validate one overrides file, or raise OverridesError naming file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) or {}
    except OSError as exc:
        raise OverridesError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise OverridesError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else "?"
        raise OverridesError(f"{path}:{line}: invalid YAML: {exc.problem or exc}") from exc
    if not isinstance(data, dict):
        raise OverridesError(f"{path}:1: expected a mapping of authors, replies, stances, topics")
    try:
        spec = OverridesSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise OverridesError(f"{path}:{line_of(root, err['loc'])}: {where}: {err['msg']}") from exc
    return Overrides(Path(path), spec, root)


def line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """1-based line of the node at ``loc`` (keys and list indexes), or of its nearest ancestor."""
    node, line = root, (root.start_mark.line + 1 if root else 1)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if getattr(k, "value", None) == str(part)]
            node = match[0] if match else None
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def apply_overrides(bundle: ThreadBundle, ov: Overrides) -> ThreadBundle:
    """The bundle with the curator's corrections applied, validated again."""
    if ov.spec.thread and ov.spec.thread != bundle.thread.id:
        return bundle
    data = bundle.model_copy(deep=True)
    by_index = {p.index: p for p in data.posts}
    _fix_authors(data, ov, by_index)
    _fix_replies(data, ov, by_index)
    _fix_stances(data, ov, by_index)
    _rename_topics(data, ov)
    try:
        return ThreadBundle.model_validate(data.model_dump())
    except ValidationError as exc:
        raise OverridesError(
            f"{ov.path}: the corrected thread is inconsistent: {exc.errors()[0]['msg']}"
        ) from exc


def _post(ov: Overrides, by_index: dict, index: int, loc: tuple[Any, ...]):
    if index not in by_index:
        raise ov.error(loc, f"no post with index {index} in thread (posts 0..{max(by_index)})")
    return by_index[index]


def _fix_authors(data: ThreadBundle, ov: Overrides, by_index: dict) -> None:
    for n, fix in enumerate(ov.spec.authors):
        post = _post(ov, by_index, fix.post, ("authors", n, "post"))
        if fix.name is None:
            post.author, post.author_method, post.author_confidence = None, "override", 1.0
            continue
        aid = ids.author_id(fix.name)
        if aid not in {a.id for a in data.authors}:
            data.authors.append(Author(id=aid, name=fix.name))
        post.author, post.author_method, post.author_confidence = aid, "override", 1.0


def _fix_replies(data: ThreadBundle, ov: Overrides, by_index: dict) -> None:
    for n, fix in enumerate(ov.spec.replies):
        post = _post(ov, by_index, fix.post, ("replies", n, "post"))
        target = _post(ov, by_index, fix.to if fix.to is not None else 0, ("replies", n, "to"))
        if target.index >= post.index and fix.to is not None:
            raise ov.error(
                ("replies", n, "to"),
                f"post {post.index} cannot reply to a later post {target.index}",
            )
        post.reply_to, post.reply_method, post.reply_confidence = target.id, "override", 1.0


def _fix_stances(data: ThreadBundle, ov: Overrides, by_index: dict) -> None:
    for n, rm in enumerate(ov.spec.stances.remove):
        a = _post(ov, by_index, rm.from_, ("stances", "remove", n, "from")).id
        b = _post(ov, by_index, rm.to, ("stances", "remove", n, "to")).id
        data.stances = [
            s
            for s in data.stances
            if not (s.from_post == a and s.to_post == b and rm.kind in (None, s.kind))
        ]
    topic_ids = {t.id for t in data.topics}
    for n, add in enumerate(ov.spec.stances.add):
        a = _post(ov, by_index, add.from_, ("stances", "add", n, "from")).id
        b = _post(ov, by_index, add.to, ("stances", "add", n, "to")).id
        if add.topic and add.topic not in topic_ids:
            data.topics.append(
                Topic(id=add.topic, name=add.topic.replace("-", " "), method="override")
            )
            topic_ids.add(add.topic)
        k = 1 + sum(1 for s in data.stances if s.from_post == a and s.to_post == b)
        sid = ids.stance_id(a, b, k)
        while sid in {s.id for s in data.stances}:
            k += 1
            sid = ids.stance_id(a, b, k)
        data.stances.append(
            Stance(
                id=sid,
                kind=add.kind,
                partial=add.partial,
                from_post=a,
                to_post=b,
                topic=add.topic,
                cue=add.cue,
                confidence=1.0,
                method="override",
            )
        )


def _rename_topics(data: ThreadBundle, ov: Overrides) -> None:
    known = {t.id for t in data.topics}
    for topic_id, name in ov.spec.topics.rename.items():
        if topic_id not in known:
            raise ov.error(
                ("topics", "rename", topic_id), f"topic {topic_id!r} is not used in this thread"
            )
        for t in data.topics:
            if t.id == topic_id:
                t.name, t.method = name, "override"
