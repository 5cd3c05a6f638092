"""`debatekg` subcommands for the `ingest` package: extract, schema, eval, ingest."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ingest.formats import FORMATS

if TYPE_CHECKING:
    from ingest.pipeline import Extraction

_REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = _REPO / "tests" / "gold"
DEFAULT_CORPUS = _REPO / ".." / "shared" / "corpus"

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Input format (default: detected).",
)
overrides_option = click.option(
    "--overrides",
    "overrides_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of <thread>.overrides.yaml files (default: beside each input).",
)


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder means every regular, non-hidden file in it (overrides excluded)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and not p.name.endswith(".overrides.yaml")
            )
        else:
            out.append(path)
    return out


def bundle_json(bundle: Any) -> dict[str, Any]:
    """The documented extract output of one thread."""
    return bundle.model_dump(mode="json")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="JSON file to write (- for standard output).",
)
@format_option
@overrides_option
def extract(paths: tuple[str, ...], out: Path, fmt: str | None, overrides_dir: Path | None) -> None:
    """Extract threads from PATHS without a database and write them as JSON."""
    from ingest.pipeline import iter_extract

    threads, failures = [], []
    for result in iter_extract(expand_paths(paths), format=fmt, overrides_dir=overrides_dir):
        if result.error:
            failures.append(result.error)
            click.echo(result.error, err=True)
        threads += [bundle_json(b) for b in result.bundles]
    text = json.dumps({"threads": threads}, ensure_ascii=False, indent=2)
    if str(out) == "-":
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(threads)} thread(s) written to {out}", err=True)
    if failures:
        raise SystemExit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the JSON / JSON Lines thread input format."""
    from ingest.formats.jsonthread import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@click.command(name="eval")
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT_GOLD,
    show_default=True,
    help="Directory of gold annotations.",
)
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT_CORPUS,
    help="Directory of the threads the gold files name.",
)
@click.option("--per-thread", is_flag=True, help="Also print the scores of each thread.")
def eval_command(gold_dir: Path, corpus_dir: Path, per_thread: bool) -> None:
    """Print precision, recall and F1 of extraction against the gold annotations."""
    from ingest.evaluate import evaluate, format_table

    report = evaluate(gold_dir, corpus_dir)
    if not report.threads:
        raise click.ClickException(f"no gold thread in {gold_dir} could be scored")
    click.echo(format_table(report, per_thread=per_thread))


@click.command()
@click.argument("paths", nargs=-1, required=True)
@format_option
@overrides_option
def ingest(paths: tuple[str, ...], fmt: str | None, overrides_dir: Path | None) -> None:
    """Extract PATHS (folders mean every file in them) and load each thread into Neo4j."""
    from ingest.pipeline import iter_extract
    from kg.config import connect
    from kg.errors import KgError
    from kg.load import load_bundle

    files = expand_paths(paths)
    try:
        driver, settings = connect()
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    failures: list[str] = []
    totals: Counter[str] = Counter()
    rows: list[tuple[str, int, int, float]] = []
    try:
        with click.progressbar(
            iter_extract(files, format=fmt, overrides_dir=overrides_dir),
            length=len(files),
            label="ingesting",
            file=click.get_text_stream("stderr"),
        ) as bar:
            for result in bar:
                _load_result(result, driver, settings.database, load_bundle, totals, rows, failures)
    finally:
        driver.close()
    click.echo(_summary(rows, totals))
    for line in failures:
        click.echo(line, err=True)
    if failures:
        raise SystemExit(1)


def _load_result(
    result: Extraction,
    driver: Any,
    database: str,
    load_bundle: Any,
    totals: Counter[str],
    rows: list,
    failures: list[str],
) -> None:
    """Load one file's threads; a failure is recorded with the file's name and the run goes on."""
    if result.error:
        failures.append(result.error)
        return
    for bundle in result.bundles:
        started = time.perf_counter()
        try:
            summary = load_bundle(driver, bundle, database=database)
        except Exception as exc:  # one thread failing must not stop the others
            failures.append(
                f"{result.source}: loading thread {bundle.thread.id} failed: {exc}".splitlines()[0]
            )
            continue
        for key, value in _counts(summary).items():
            totals[key] += value
        rows.append(
            (
                bundle.thread.id,
                len(bundle.posts),
                len(bundle.stances),
                result.seconds + time.perf_counter() - started,
            )
        )


def _counts(summary: Any) -> dict[str, int]:
    """Flatten the loader's summary into "created Post"-style counters, whatever its shape."""
    data = summary if isinstance(summary, dict) else getattr(summary, "__dict__", {})
    out: dict[str, int] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                if isinstance(n, int):
                    out[f"{key} {sub}"] = n
                elif isinstance(n, dict):
                    out.update({f"{key} {sub} {k}": v for k, v in n.items() if isinstance(v, int)})
        elif isinstance(value, int):
            out[key] = value
    return out


def _summary(rows: list[tuple[str, int, int, float]], totals: Counter[str]) -> str:
    lines = [f"{'thread':<40}{'posts':>7}{'stances':>9}{'seconds':>9}"]
    lines += [f"{t:<40}{p:>7}{s:>9}{sec:>9.2f}" for t, p, s, sec in rows]
    lines.append(f"{len(rows)} thread(s) loaded")
    lines += [f"  {k}: {v}" for k, v in sorted(totals.items()) if v]
    return "\n".join(lines)


COMMANDS: list[click.Command] = [extract, schema, eval_command, ingest]
