"""What ``isa-lint import`` and ``isa-lint export`` do; cli.py holds only their options.

Exit codes: 0 done; 2 when any file could not be read or written (each with its reason).
Import never replaces an existing file, even one named with ``-o``: an import is a first
draft, and the file already there is likely someone's work. Export writes atomically and
replaces an earlier export, but never the agreement it reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from isa_lint.check.findings import EXIT_ERROR

REFUSED_SUFFIXES = {
    ".doc": "is a Word 97-2003 document (.doc); save it in Word as 'Word Document (*.docx)' first",
    ".docm": "is a macro-enabled document (.docm); macros are never read: save it as a .docx without macros",
    ".dotm": "is a macro-enabled template (.dotm); macros are never read: save it as a .docx",
}


def _fail(path: str, message: str) -> None:
    click.echo(f"isa-lint: {path} {message}", err=True)


def import_files(paths: tuple[str, ...], output: Path | None) -> int:
    from isa_lint.run.atomic import write_atomic
    from isa_lint.word.importer import import_blocks
    from isa_lint.word.reader import WordError, read_blocks

    if output is not None and len(paths) > 1 and not output.is_dir():
        raise click.UsageError("with more than one Word file, -o must name an existing folder")
    failed = False
    reports: list[str] = []
    show_bar = len(paths) > 1 and sys.stderr.isatty()
    with click.progressbar(paths, label="Importing", file=sys.stderr) if show_bar else _plain(paths) as items:
        for path in items:
            refused = REFUSED_SUFFIXES.get(Path(path).suffix.lower())
            try:
                if refused:
                    raise WordError(refused)
                result = import_blocks(read_blocks(path))
            except WordError as error:
                _fail(path, str(error))
                failed = True
                continue
            target = _target(output, result.suggested_id)
            try:
                write_atomic(target, result.text, overwrite=False)
            except FileExistsError:
                _fail(
                    path,
                    f"was not imported: {target} already exists, and import never replaces a file "
                    "(move it away, or name a new file with -o)",
                )
                failed = True
                continue
            except OSError as error:
                _fail(path, f"was not imported: cannot write {target}: {error.strerror or error}")
                failed = True
                continue
            reports.append(f"{path} -> {target}: {result.account.words()}")
    for line in reports:
        click.echo(line)
    return EXIT_ERROR if failed else 0


class _plain:
    """The files without a bar (not a terminal, or one file): the same ``with`` shape."""

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items

    def __enter__(self) -> tuple[str, ...]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _target(output: Path | None, agreement_id: str) -> Path:
    name = f"{agreement_id or 'imported-agreement'}.yaml"
    if output is None:
        return Path(name)
    return output / name if output.is_dir() else output


def export_file(path: str, output_format: str, output: Path | None) -> int:
    from isa_lint.load.document import load_path
    from isa_lint.run.atomic import write_atomic
    from isa_lint.word import docx_writer, pdf_writer
    from isa_lint.word.model import build

    source = Path(path)
    if not source.is_file():
        _fail(path, "is not a file")
        return EXIT_ERROR
    document = load_path(source)
    if not isinstance(document.data, dict):
        _fail(path, "cannot be read as an agreement; run 'isa-lint lint' on it to see why")
        return EXIT_ERROR
    target = output or source.with_suffix(f".{output_format}")
    if target.exists() and os.path.samefile(target, source):
        _fail(path, "would be replaced by its own export: give -o another file")
        return EXIT_ERROR
    model = build(document.data, path)
    try:
        content = docx_writer.render(model) if output_format == "docx" else pdf_writer.render(model)
    except RuntimeError as error:
        click.echo(f"isa-lint: {error}", err=True)
        return EXIT_ERROR
    try:
        write_atomic(target, content)
    except OSError as error:
        _fail(path, f"was not exported: cannot write {target}: {error.strerror or error}")
        return EXIT_ERROR
    click.echo(f"{path} -> {target}")
    return 0
