"""Compiled regular expressions kept between runs, as Python keeps bytecode.

The rules search agreement text with about a hundred regular expressions. CPython compiles
each one in pure Python (parse, then emit the matcher's program) the first time a process
uses it, and a one-file lint, as pre-commit runs it, spends more time compiling them than
matching (docs/performance.md, "Compiled regular expressions"). The program for a pattern
depends only on the pattern, its flags and the interpreter, so :func:`kept` saves each
program with :mod:`isa_lint.run.compiled` and later runs hand it straight to the matcher.

A saved program is used only by the exact interpreter build that made it, and is saved only
after it compared equal to what :func:`re.compile` makes (CPython compares compiled patterns
by pattern, flags and program). Anything unexpected (another Python, a missing private
function, a damaged file) means patterns are compiled the usual way, as if nothing was saved.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, cast

FORMAT = 2
"""Bump when :data:`Program` changes."""
MAX_KEPT = 1000
"""Most programs kept; past it the store starts afresh (user globs and ids add patterns)."""
KEPT_FROM = frozenset({"isa_lint", "ruamel", "jinja2"} | (sys.stdlib_module_names - {"tokenize"}))
"""The packages whose patterns are kept: isa-lint's own, the YAML parser's and the templates',
and the standard library's but for ``tokenize``, which builds its pattern from a set, so its
text changes from run to run (jsonschema's dependencies reach it on import): kept, it would
add an entry and rewrite the store every run. Other libraries' patterns are compiled as
usual, as nothing says their text is the same each run."""

Program = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, the program (as the matcher's 32-bit
code units, kept as bytes, which load at once), groups, and group names both ways."""


class _Store:
    """The saved programs, read when the first pattern is compiled, and the ones made since."""

    def __init__(self, original: Callable[..., re.Pattern[Any]], kind: str) -> None:
        self.original, self.kind = original, kind
        self.saved: dict[tuple[Any, int], Program] | None = None
        self.new: dict[tuple[Any, int], Program] = {}

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:

        if not isinstance(pattern, (str, bytes)):
            return self.original(pattern, flags)
        if self.saved is None:
            from isa_lint.run import compiled

            stored = compiled.read(self.kind, store_key())
            self.saved = stored if isinstance(stored, dict) else {}
        name = (pattern, int(flags))
        program = self.saved.get(name)
        if program is not None:
            try:
                return _made(pattern, program)
            except (TypeError, ValueError, RuntimeError):  # damaged: made again below, and saved over
                del self.saved[name]
        if _package_compiling() not in KEPT_FROM:
            return self.original(pattern, flags)
        program = _program(pattern, flags)
        made = _made(pattern, program)
        if made == self.original(pattern, flags):
            self.new[name] = program
        return made

    def save(self) -> None:
        from isa_lint.run import compiled

        if not self.new:
            return
        saved = self.saved or {}
        table = {**saved, **self.new} if len(saved) + len(self.new) <= MAX_KEPT else self.new
        compiled.write(self.kind, store_key(), cast("dict[str, object]", table))  # marshal keeps tuple keys


def _package_compiling() -> str:
    """The top-level package of the code that asked ``re`` for this pattern."""
    frame: FrameType | None = sys._getframe(2)  # above _Store.compile and re._compile
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if module != "re" and not module.startswith("re."):
            return module.partition(".")[0]
        frame = frame.f_back
    return ""


def _made(pattern: Any, program: Program) -> re.Pattern[Any]:
    import _sre

    flags, code, groups, groupindex, indexgroup = program
    units = memoryview(code).cast("I").tolist()
    return _sre.compile(pattern, flags, units, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def _program(pattern: Any, flags: int) -> Program:
    """What ``re.compile`` hands the matcher for ``pattern`` (CPython's ``re._compiler.compile``)."""
    import array

    tree = _private("_parser").parse(pattern, flags)
    code = array.array("I", _private("_compiler")._code(tree, flags)).tobytes()
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for group_name, number in groupindex.items():
        indexgroup[number] = group_name
    return int(flags | tree.state.flags), code, tree.state.groups - 1, groupindex, tuple(indexgroup)


def _private(name: str) -> Any:
    """CPython's ``re._parser`` or ``re._compiler`` (not in the type stubs: they are private)."""
    import importlib

    return importlib.import_module(f"re.{name}")


def store_key() -> str:
    """Names the interpreter build: a program made by one is never handed to another."""
    import _sre
    import zlib

    build = f"{FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}".encode()
    return f"{zlib.crc32(build):08x}"


@contextlib.contextmanager
def kept(command: str = "") -> Iterator[None]:
    """Within the block, compile regular expressions from the saved programs; save new ones after.

    Each ``command`` (``lint``, ``site``...) has a store of its own, so the one pre-commit runs
    holds only the patterns linting compiles, not every template's of every other command.
    """
    try:
        import _sre  # noqa: F401

        _compiler = _private("_compiler")
    except ImportError:  # pragma: no cover - not CPython
        yield
        return
    name = command if command.isascii() and command.isalpha() and len(command) <= 20 else "other"
    store = _Store(_compiler.compile, f"patterns-{name.lower()}")
    _compiler.compile = store.compile
    try:
        yield
    finally:
        _compiler.compile = store.original
        store.save()
