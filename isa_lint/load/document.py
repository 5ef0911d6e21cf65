"""Read one agreement file safely and keep a line and column for every key and value.

The file is composed (never constructed) with ruamel.yaml's C-backed composer, which keeps
marks on every node at a tenth of the round-trip loader's cost. The node tree is then turned
into plain Python data by :class:`_Converter`, which is where the YAML traps are caught:
duplicate keys, object-building tags, alias bombs, merge keys and scalars whose meaning
differs between YAML versions. Nothing in a file is ever executed or fetched.

Scalar decisions (documented in the README):

* dates and decimals are kept as the text written (``2026-04-01``, ``2.10``), because the
  format has no fractional numbers and dates are checked as text;
* integers stay integers, except ones written with a leading zero (``010``), which YAML 1.1
  reads as octal: they stay as the text written and are reported (ISA006);
* booleans are only ``true`` and ``false``; ``yes``, ``no``, ``on`` and ``off`` are text
  (YAML 1.2), and the schema says so where a boolean belongs.
"""

import errno
import functools
import operator
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1024 * 1024
"""Largest file read (1 MiB): a real agreement is 10-30 KB."""
MAX_DEPTH = 64
"""Deepest nesting accepted; an agreement needs about eight levels."""
MAX_ALIASES = 16
"""Alias uses (``*name``) accepted in one file before they are refused."""
MAX_NODES = 200_000
"""Values accepted after aliases are expanded (stops "billion laughs" files)."""

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_YAML}map", f"{_YAML}seq"}
_NULL, _BOOL, _INT, _MERGE = (f"{_YAML}{name}" for name in ("null", "bool", "int", "merge"))
_CONVERTED_TAGS = {_NULL, _BOOL, _INT}
"""The scalar tags whose value is not the text written."""
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ANSI escapes among them) and bidirectional overrides ("Trojan Source")."""

Position = tuple[int, int]


class LoadProblem(NamedTuple):
    """Something wrong with the file itself, found before any rule runs."""

    code: str
    message: str
    line: int
    column: int
    pointer: str = ""


class Document:
    """One loaded file: its data, where each part of it is, and what went wrong loading it.

    ``keys`` and ``values`` map a JSON Pointer to the line and column of its key and of its
    value. (A plain class, not a dataclass: see :class:`isa_lint.check.findings.Finding`.)
    """

    def __init__(
        self,
        path: str,
        text: str,
        data: Any = None,
        keys: dict[str, Position] | None = None,
        values: dict[str, Position] | None = None,
        problems: list[LoadProblem] | None = None,
    ) -> None:
        self.path, self.text, self.data = path, text, data
        self.keys: dict[str, Position] = {} if keys is None else keys
        self.values: dict[str, Position] = {} if values is None else values
        self.problems: list[LoadProblem] = [] if problems is None else problems

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, problems={self.problems!r})"

    def locate(self, pointer: str, prefer_key: bool = True) -> Position:
        """Line and column (1-based) of ``pointer``, or of its nearest parent that exists."""
        current = pointer
        while True:
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for table in (first, second):
                if current in table:
                    return table[current]
            if not current:
                return (1, 1)
            current = current.rsplit("/", 1)[0]


def escape_pointer_part(part: str | int) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    return str(part).replace("~", "~0").replace("/", "~1")


def read_regular(path: str | os.PathLike[str], limit: int = MAX_BYTES, *, follow: bool = True) -> bytes:
    """Up to ``limit + 1`` bytes of a regular file (one more, so the caller can tell it is too large).

    Opened without waiting (``O_NONBLOCK``) and checked to be a regular file once open, so a
    pipe, a device (``/dev/zero``) or a socket, even one swapped in after a check, is refused
    with an OSError instead of hanging the run or reading for ever. Without ``follow``, a
    symbolic link is refused too (``O_NOFOLLOW``).
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
            raise OSError(errno.EINVAL, f"it is not a regular file but {kind}", str(path))
        # Asking for the size it has, not ``limit``, spares allocating 1 MiB for each file.
        raw = handle.read(min(info.st_size, limit) + 1)
        if len(raw) > info.st_size:  # it grew since
            raw += handle.read(limit + 1 - len(raw))
        return raw


def load_path(path: Path, display: str | None = None) -> Document:
    """Read ``path`` and load it; OS errors (a pipe or device among them) propagate for the caller to report."""
    shown = display if display is not None else str(path)
    return load_bytes(read_regular(path), shown)


def load_bytes(raw: bytes, path: str) -> Document:
    """Decode bytes as UTF-8 and load them, reporting encoding problems as ISA007."""
    if len(raw) > MAX_BYTES:
        return _unreadable(path, f"the file is larger than {MAX_BYTES // 1024} KiB", 1, 1)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: FF FE begins both
        return _unreadable(path, "the file is saved as UTF-32; save it as UTF-8", 1, 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _unreadable(path, "the file is saved as UTF-16; save it as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_col(raw[: error.start].decode("utf-8", "replace"))
        return _unreadable(
            path, f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save as UTF-8", line, column
        )
    return load_text(text, path)


def load_text(text: str, path: str) -> Document:
    """Load agreement text; every problem becomes a :class:`LoadProblem`, never an exception."""
    document = Document(path=path, text=text)
    control = _CONTROL.search(text)
    if control:
        line, column = _line_col(text[: control.start()])
        character = f"U+{ord(control.group()):04X}"
        document.problems.append(
            LoadProblem("ISA007", f"the file contains the control character {character}", line, column)
        )
        return document
    deep = _too_deep(text)
    if deep:
        document.problems.append(
            LoadProblem("ISA007", f"the file is nested more than {MAX_DEPTH} levels deep", *deep)
        )
        return document
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # imported when first needed: start-up

    try:
        root, extra = _compose(text)
    except MarkedYAMLError as error:
        document.problems.append(_syntax_problem(error))
        return document
    except (YAMLError, RecursionError, ValueError) as error:
        document.problems.append(LoadProblem("ISA001", f"the YAML cannot be read: {error}", 1, 1))
        return document
    if extra is not None:
        line, column = _mark(extra)
        document.problems.append(
            LoadProblem(
                "ISA003",
                "the file holds more than one YAML document; only the first is checked",
                max(line - 1, 1) if _starts_with_marker(text, line) else line,
                column,
            )
        )
    if root is not None:
        _Converter(document).convert_root(root)
    return document


def _compose(text: str) -> "tuple[Node | None, Node | None]":
    """The first document's node tree, and the second document's if there is one.

    Uses libyaml through ruamel.yaml.clibz (the ``libyaml`` extra), which keeps marks on
    every node at about a fiftieth of the pure-Python parser's cost; falls back to the
    pure parser where the extension is not installed. Plain scalars are resolved by
    :func:`_fast_loader`'s resolver, which gives the same tags as ruamel.yaml's.
    """
    loader_class = _fast_loader()
    if loader_class is None:  # pragma: no cover - only without the C extension
        from ruamel.yaml import YAML

        roots = YAML(typ="safe", pure=True).compose_all(text)
        return next(roots, None), next(roots, None)
    loader = loader_class(text)
    try:
        root = loader.get_node() if loader.check_node() else None
        extra = loader.get_node() if root is not None and loader.check_node() else None
        return root, extra
    finally:
        loader.dispose()
        vars(loader).clear()  # it refers to itself: free it now, not at the next garbage collection


_KNOWN_LENGTH, _KNOWN_VALUES = 40, 4096
"""The plain scalars whose tags the fast resolver remembers: short ones, and a bounded number."""
_SHARED_TAGS: dict[int, str] = {}
"""id() of each Tag object the fast resolver hands out (kept alive by it) -> its text."""


@functools.cache
def _fast_loader() -> Any:
    """The C-backed safe loader with a faster implicit-tag resolver (None without the extension).

    ruamel.yaml's own ``resolve`` rebuilds the candidate list and a new ``Tag`` for every
    scalar, about half of composing; this one looks the candidates up by first character in
    a table built once from the same resolver's rules and returns shared ``Tag`` objects,
    so every node gets the tag ruamel.yaml would give it.
    """
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError:  # pragma: no cover - only without the C extension
        return None
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.resolver import Resolver
    from ruamel.yaml.tag import Tag

    if Resolver.yaml_path_resolvers:  # pragma: no cover - nothing in isa-lint adds them
        return CSafeLoader
    shared: dict[str, Tag] = {}

    def tag(name: str) -> Tag:
        found = shared.setdefault(name, Tag(suffix=name))
        _SHARED_TAGS[id(found)] = name
        return found

    anywhere = Resolver.yaml_implicit_resolvers.get(None, [])
    table = {
        first: tuple((tag(name), regexp) for name, regexp in (*candidates, *anywhere))
        for first, candidates in Resolver.yaml_implicit_resolvers.items()
        if first is not None
    }
    fallback = tuple((tag(name), regexp) for name, regexp in anywhere)
    defaults = {
        ScalarNode: tag(f"{_YAML}str"),
        SequenceNode: tag(f"{_YAML}seq"),
        MappingNode: tag(f"{_YAML}map"),
    }

    text = defaults[ScalarNode]
    known: dict[str, Tag] = {}  # keys and short values recur in every file: answer them from here

    class FastSafeLoader(CSafeLoader):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or not implicit[0]:
                return defaults.get(kind)
            found = known.get(value)
            if found is None:
                found = next(
                    (tag for tag, regexp in table.get(value[:1], fallback) if regexp.match(value)), text
                )
                if len(value) <= _KNOWN_LENGTH and len(known) < _KNOWN_VALUES:
                    known[value] = found
            return found

        # The composer calls these two around every node, for path-based resolvers isa-lint
        # never adds; builtins that ignore their arguments cost no Python frame.
        descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
        ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    return FastSafeLoader


def _unreadable(path: str, message: str, line: int, column: int) -> Document:
    document = Document(path=path, text="")
    document.problems.append(LoadProblem("ISA007", message, line, column))
    return document


def _line_col(before: str) -> Position:
    """1-based line and column of the character that follows ``before``."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _tag(node: "Node") -> str | None:
    """``node.tag`` without ruamel.yaml's per-call conversion for the tags the resolver shares."""
    ctag = node.ctag
    if ctag is None:
        return None
    name = _SHARED_TAGS.get(id(ctag))
    return name if name is not None else str(ctag)


def _mark(node: "Node") -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _starts_with_marker(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 2 <= line <= len(lines) + 1 and lines[line - 2].startswith("---")


_QUOTED = re.compile(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"")


_BRACKET = re.compile(r"[\[\]{}]")
_LONG_LINE = 2 * (MAX_DEPTH + 1)
"""Block nesting deeper than MAX_DEPTH needs two characters a level, so shorter lines are safe."""


def _too_deep(text: str) -> Position | None:
    """Find nesting beyond :data:`MAX_DEPTH` from the text alone, in linear time.

    The composer recurses once per level, so a file nested thousands of levels deep would
    exhaust the stack and take seconds. Flow brackets are counted outside quotes and
    comments; block nesting is bounded by indentation plus ``- `` markers on one line.
    Only lines long enough to nest that deep, or holding a bracket, are looked at closely;
    brackets not at all when the whole text holds too few of them to nest that deep.
    """
    brackets = text.count("[") + text.count("{") > MAX_DEPTH
    flow = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) >= _LONG_LINE:
            stripped = line.lstrip(" ")
            block = (len(line) - len(stripped)) // 2 + _count_dashes(stripped)
            if block > MAX_DEPTH:
                return number, 1
        if not brackets or _BRACKET.search(line) is None:
            continue
        body = _QUOTED.sub("", line)
        hash_at = body.find(" #")
        if hash_at >= 0 or body.startswith("#"):
            body = body[: max(hash_at, 0)]
        for found in _BRACKET.finditer(body):
            if found.group() in "[{":
                flow += 1
                if flow > MAX_DEPTH:
                    return number, found.start() + 1
            elif flow:
                flow -= 1
    return None


def _count_dashes(stripped: str) -> int:
    count = 0
    while stripped.startswith(("- ", "? ")):
        count += 1
        stripped = stripped[2:].lstrip(" ")
    return count


def _syntax_problem(error: "MarkedYAMLError") -> LoadProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "the YAML cannot be read"
    if error.context:
        problem = f"{problem} ({error.context})"
    if "special characters are not allowed" in problem:
        return LoadProblem("ISA007", "the file contains a character YAML does not allow", line, column)
    return LoadProblem("ISA001", f"YAML syntax error: {problem}", line, column)


class _Converter:
    """Turn composed nodes into plain data, recording positions and YAML traps.

    This runs once for each of the 700-odd values of every file, so a node's tag and mark are
    read inline, one call converts a value, and only null, boolean and integer scalars (the
    ones whose text changes) take a second call.
    """

    def __init__(self, document: Document) -> None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode

        self.scalar_kind, self.mapping_kind = ScalarNode, MappingNode
        self.document = document
        self.keys, self.values = document.keys, document.values
        # Without an '&' the file has no anchors, so no node can be met twice (an alias).
        self.anchored = "&" in document.text
        self.seen: set[int] = set()
        self.open: set[int] = set()
        """Collections being converted now: an alias to one of them is a loop."""
        self.aliases = 0
        self.nodes = 0
        self.stopped = False

    def report(self, code: str, message: str, position: Position, pointer: str) -> None:
        self.document.problems.append(LoadProblem(code, message, position[0], position[1], pointer))

    def convert_root(self, root: "Node") -> None:
        self.values[""] = _mark(root)
        self.document.data = self.convert(root, "", _mark(root))

    def convert(self, node: "Node", pointer: str, where: Position, aliased: bool = False) -> Any:
        """Convert ``node``; ``where`` stands in for alias uses, whose marks are the anchor's."""
        self.nodes += 1
        if self.stopped:
            return None
        if self.nodes > MAX_NODES:
            return self.stop(f"the file expands to more than {MAX_NODES} values", where, pointer)
        anchored = self.anchored
        if anchored and not aliased and id(node) in self.seen:
            aliased = True
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                message = f"the file uses more than {MAX_ALIASES} aliases (*name)"
                return self.stop(message, where, pointer)
        tag = _SHARED_TAGS.get(id(node.ctag)) or _tag(node)
        is_scalar = isinstance(node, self.scalar_kind)
        if not aliased:
            if anchored:
                self.seen.add(id(node))
            self.values.setdefault(pointer, where)  # where is the node's own mark here
            if tag not in (_PLAIN_TAGS if is_scalar else _COLLECTION_TAGS) and tag != "?":
                self.bad_tag(node, tag or "", pointer)
        if is_scalar:
            if tag in _CONVERTED_TAGS:
                return self.scalar(cast("ScalarNode", node), tag, pointer, aliased)
            return node.value
        if not anchored:
            return self.collection(node, pointer, where, aliased)
        if id(node) in self.open:
            message = "an alias (*name) refers to the value that holds it, a loop with no end"
            return self.stop(message, where, pointer)
        self.open.add(id(node))
        try:
            return self.collection(node, pointer, where, aliased)
        finally:
            self.open.discard(id(node))

    def collection(self, node: "Node", pointer: str, where: Position, aliased: bool) -> Any:
        if isinstance(node, self.mapping_kind):
            return self.mapping(node, pointer, where, aliased)
        return self.sequence(cast("SequenceNode", node), pointer, where, aliased)

    def alias_at(self, cursor: int) -> Position:
        """Where an alias is used: the composer keeps only the anchor's mark, so find the '*'."""
        text = self.document.text
        index = text.find("*", cursor)
        index = cursor if index < 0 else index
        return _line_col(text[:index])

    def sequence(self, node: "SequenceNode", pointer: str, where: Position, aliased: bool) -> list[Any]:
        result = []
        anchored, seen, convert = self.anchored, self.seen, self.convert
        cursor = node.start_mark.index
        for index, item in enumerate(node.value):
            if aliased:
                item_at = where
            elif anchored and id(item) in seen:
                item_at = self.alias_at(cursor)
                cursor = self.document.text.find("*", cursor) + 1
            else:
                mark = item.start_mark
                item_at = (mark.line + 1, mark.column + 1)
                if anchored:
                    cursor = item.end_mark.index
            result.append(convert(item, f"{pointer}/{index}", item_at, aliased))
        return result

    def stop(self, message: str, where: Position, pointer: str) -> None:
        """Give up on the rest of the file: it is built to exhaust memory or time."""
        self.stopped = True
        self.report("ISA005", message, where, pointer)

    def bad_tag(self, node: "Node", tag: str, pointer: str) -> None:
        shown = tag.replace(_YAML, "!!")
        message = f"the tag {shown} is not allowed; it was ignored and nothing was run"
        self.report("ISA004", message, _mark(node), pointer)

    def key_tags(self, key: "Node", pointer: str) -> None:
        """Report the tags anywhere in a list or mapping written as a key (it is not converted)."""
        waiting, met = [key], set()
        while waiting:
            node = waiting.pop()
            if id(node) in met:
                continue
            met.add(id(node))
            tag = _tag(node) or ""
            is_scalar = isinstance(node, self.scalar_kind)
            if tag not in (_PLAIN_TAGS if is_scalar else _COLLECTION_TAGS) and tag != "?":
                self.bad_tag(node, tag, pointer)
            if isinstance(node, self.mapping_kind):
                waiting.extend(part for pair in reversed(node.value) for part in reversed(pair))
            elif not is_scalar:
                waiting.extend(reversed(node.value))

    def mapping(self, node: "MappingNode", pointer: str, where: Position, aliased: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        anchored, seen, convert, keys, scalar_kind = (
            self.anchored,
            self.seen,
            self.convert,
            self.keys,
            self.scalar_kind,
        )
        for key_node, value_node in node.value:
            if aliased:
                key_at = where
            else:
                mark = key_node.start_mark
                key_at = (mark.line + 1, mark.column + 1)
            key_tag = _SHARED_TAGS.get(id(key_node.ctag)) or _tag(key_node)
            if key_tag == _MERGE:
                if not aliased:
                    message = "merge keys (<<) are not supported; write the keys out in full"
                    self.report("ISA005", message, key_at, pointer)
                continue
            if not isinstance(key_node, scalar_kind):
                if not aliased:
                    self.key_tags(key_node, pointer)
                    message = "a key must be plain text, not a list or a mapping"
                    self.report("ISA012", message, key_at, pointer)
                continue
            if key_tag not in _PLAIN_TAGS and key_tag != "?" and not aliased:
                self.bad_tag(key_node, key_tag or "", pointer)
            key: str = key_node.value
            child = f"{pointer}/{escape_pointer_part(key) if '~' in key or '/' in key else key}"
            if key in result:
                if not aliased:
                    first = keys[child][0]
                    message = (
                        f"the key '{key}' appears twice here (first on line {first}); "
                        "the second one is ignored"
                    )
                    self.report("ISA002", message, key_at, child)
                continue
            keys.setdefault(child, key_at)
            if aliased:
                value_at = key_at
            elif anchored and id(value_node) in seen:
                value_at = self.alias_at(key_node.end_mark.index)
            else:
                mark = value_node.start_mark
                value_at = (mark.line + 1, mark.column + 1)
            result[key] = convert(value_node, child, value_at, aliased)
        return result

    def scalar(self, node: "ScalarNode", tag: str | None, pointer: str, aliased: bool) -> Any:
        """The value of a null, boolean or integer scalar (every other scalar is its text)."""
        text: str = node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if not node.style and _LEADING_ZERO.fullmatch(text):
            if aliased:
                return text
            message = f"'{text}' starts with a zero, which some YAML tools read as a different number"
            self.report("ISA006", message, _mark(node), pointer)
            return text
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text


def load_yaml(text: str) -> Any:
    """Plain data from trusted YAML shipped with isa-lint (catalogues), with the C loader."""
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError:  # pragma: no cover - only without the C extension
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(text)
    loader = CSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
