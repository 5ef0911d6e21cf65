"""Configuration: ``[tool.isa-lint]`` in pyproject.toml or ``.isa-lint.yaml``, validated.

The file is found from the current directory upwards (or given with ``--config``); the
first ``.isa-lint.yaml``, or ``pyproject.toml`` that has a ``[tool.isa-lint]`` table, wins.
Options are checked with cerberus; an unknown or wrong option is a :class:`ConfigError`
naming the file and line. Command-line options override the file.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import re
import sys
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from isa_lint.check.findings import Severity, UsageProblem
from isa_lint.check.settings import Settings

if TYPE_CHECKING:
    from isa_lint.rules._rule import Rule

YAML_NAME = ".isa-lint.yaml"
PYPROJECT = "pyproject.toml"

_SEVERITIES = ["error", "warning", "info"]


def _whole_number(field: str, value: Any, error: Any) -> None:
    """Refuse true and false where a number belongs (Python counts them as integers)."""
    if isinstance(value, bool):
        error(field, "must be a whole number, not true or false")


_RULE_LIST = {"type": "list", "schema": {"type": "string", "empty": False}}
SCHEMA: dict[str, Any] = {
    "select": _RULE_LIST,
    "ignore": _RULE_LIST,
    "severity": {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": {"allowed": _SEVERITIES}},
    "per-file-ignores": {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": _RULE_LIST},
    "exclude": {"type": "list", "schema": {"type": "string", "empty": False}},
    "fail-on": {"type": "string", "allowed": _SEVERITIES},
    "review-warning-days": {"type": "integer", "min": 0, "max": 3650, "check_with": _whole_number},
    "max-review-months": {"type": "integer", "min": 1, "max": 120, "check_with": _whole_number},
    "breach-warning-hours": {"type": "integer", "min": 0, "max": 72, "check_with": _whole_number},
    "nation": {"type": "string", "allowed": ["england", "wales"]},
    "policy-packs": {"type": "list", "schema": {"type": "string", "empty": False}},
}
"""Every option, its type and its allowed values."""


class ConfigError(UsageProblem):
    """A configuration problem, with the file and line it is on (exit 2)."""


class Config:
    """Options after the file and the command line are combined.

    Never changed once made: :meth:`replace` makes a changed copy. A plain class, not a
    dataclass, as defining one costs every start (docs/performance.md); :data:`FIELDS`
    names its fields, in order, as ``dataclasses.fields`` would.
    """

    FIELDS = (
        "path",
        "select",
        "ignore",
        "severity",
        "per_file_ignores",
        "exclude",
        "fail_on",
        "settings",
        "policy_packs",
        "pack_rules",
    )

    def __init__(
        self,
        *,
        path: Path | None = None,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        severity: dict[str, Severity] | None = None,
        per_file_ignores: dict[str, tuple[str, ...]] | None = None,
        exclude: tuple[str, ...] = (),
        fail_on: Severity = Severity.ERROR,
        settings: Settings | None = None,
        policy_packs: tuple[Path, ...] = (),
        pack_rules: tuple[Rule, ...] = (),
    ) -> None:
        self.path = path
        self.select, self.ignore, self.exclude = select, ignore, exclude
        self.severity: dict[str, Severity] = {} if severity is None else severity
        self.per_file_ignores: dict[str, tuple[str, ...]] = (
            {} if per_file_ignores is None else per_file_ignores
        )
        self.fail_on = fail_on
        self.settings = Settings(today=dt.date.today()) if settings is None else settings
        self.policy_packs, self.pack_rules = policy_packs, pack_rules

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` made (field names as keywords, like ``dataclasses.replace``)."""
        unknown = sorted(set(changes) - set(self.FIELDS))
        if unknown:
            raise TypeError(f"Config has no field {', '.join(unknown)}")
        return Config(**{name: changes.get(name, getattr(self, name)) for name in self.FIELDS})

    def __repr__(self) -> str:
        return f"Config({', '.join(f'{name}={getattr(self, name)!r}' for name in self.FIELDS)})"

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Built-in rules and the policy packs' rules."""
        from isa_lint.rules import RULES

        return (*RULES, *self.pack_rules)

    @functools.cached_property
    def rules_by_code(self) -> dict[str, Rule]:
        """Every rule by code, worked out once per configuration (the engine asks for each file)."""
        return {rule.code: rule for rule in self.rules}

    @functools.cached_property
    def enabled_rules(self) -> tuple[Rule, ...]:
        """The rules that run (:meth:`enabled`), worked out once per configuration."""
        return tuple(rule for rule in self.rules if self.enabled(rule))

    def lookup(self, code_or_name: str) -> Rule | None:
        """A rule by code or name, policy packs included."""
        key = code_or_name.strip()
        return self.rules_by_code.get(key.upper()) or next(
            (r for r in self.rules if r.name == key.lower()), None
        )

    @property
    def root(self) -> Path:
        """The folder paths in the configuration are relative to."""
        return self.path.parent if self.path else Path.cwd()

    def enabled(self, rule: Rule) -> bool:
        """Whether a rule runs: selected (default: all) and not ignored."""
        selected = not self.select or any(_matches(rule, s) for s in self.select)
        return selected and not any(_matches(rule, s) for s in self.ignore)

    def ignored_in(self, rule: Rule, path: str) -> bool:
        """Whether a per-file ignore switches the rule off for this file."""
        if not self.per_file_ignores:
            return False  # the usual case, asked for every rule of every file
        return any(
            _glob(path, pattern) and any(_matches(rule, s) for s in selectors)
            for pattern, selectors in self.per_file_ignores.items()
        )

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    def excluded(self, path: str) -> bool:
        return any(_glob(path, pattern) for pattern in self.exclude)


def _matches(rule: Rule, selector: str) -> bool:
    """A selector is a code (ISA401), a code prefix (ISA4, ISA), a name, or ALL."""
    selector = selector.strip()
    upper = selector.upper()
    return upper == "ALL" or rule.code.startswith(upper) or rule.name == selector.lower()


def _glob(path: str, pattern: str) -> bool:
    pure = PurePath(path)
    return fnmatch.fnmatch(pure.as_posix(), pattern) or fnmatch.fnmatch(pure.name, pattern)


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / YAML_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


MAX_BYTES = 1024 * 1024
"""Largest configuration file read."""


def _has_tool_table(path: Path) -> bool:
    """Whether pyproject.toml configures isa-lint, in any spelling TOML allows.

    A file that never names ``isa-lint`` is passed over without parsing it (and without
    importing the TOML parser: start-up time). One that names it but cannot be read as TOML,
    or holds the table in a wrong shape, counts, so that loading it says what is wrong.
    """
    try:
        raw = _read_bytes(path)
    except ConfigError:
        return False
    if b"isa-lint" not in raw:
        return False
    try:
        return bool(_toml_table(path, raw)[0]) or _names_table(raw)
    except ConfigError:
        return True


def _names_table(raw: bytes) -> bool:
    """An empty ``[tool.isa-lint]`` table still marks the project's configuration (all defaults)."""
    return re.search(rb"^\s*\[\s*tool\s*\.\s*[\"']?isa-lint[\"']?\s*\]", raw, re.MULTILINE) is not None


def load(path: Path | None, *, search_from: Path | None = None) -> Config:
    """Read and validate a configuration file (found by search when ``path`` is None)."""
    if path is None:
        path = find(search_from or Path.cwd())
        if path is None:
            return Config()
    if not path.exists():
        raise ConfigError(f"{path}: no such configuration file")
    options, lines = _read(path)
    _validate(path, options, lines)
    return _build(path, options)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a pipe, a device or a file over :data:`MAX_BYTES` is a ConfigError."""
    from isa_lint.load.document import read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{path}: the file is larger than {MAX_BYTES // 1024} KiB")
    return raw


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The options as data, and the line each top-level option is on."""
    raw = _read_bytes(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        return _toml_table(path, raw)
    from isa_lint.load.document import load_bytes

    document = load_bytes(raw, str(path))
    if document.problems:
        problem = document.problems[0]
        raise ConfigError(f"{path}:{problem.line}:{problem.column}: {problem.message}")
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1:1: the configuration must be a mapping of options")
    lines = {pointer[1:]: line for pointer, (line, _) in document.keys.items() if pointer.count("/") == 1}
    return data, lines


_TOML_KINDS = {str: "text", int: "a number", float: "a number", bool: "true or false", list: "a list"}


def _toml_table(path: Path, raw: bytes) -> tuple[dict[str, Any], dict[str, int]]:
    """``tool.isa-lint`` from pyproject.toml, read with a real TOML parser, and its options' lines.

    TOML must be UTF-8. Bytes that are not are let through where they cannot change a value
    (in a comment, or another tool's table), so one stray byte in a comment elsewhere in the
    file does not switch isa-lint's configuration off; in one of isa-lint's own options they
    are a located error.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: values are nested too deeply to read") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        line = _toml_line(text, "tool", 0)
        raise ConfigError(f"{path}:{line}: tool must be a table ([tool]), not {_kind(tool)}")
    table = tool.get("isa-lint", {})
    start = _table_start(text)
    if not isinstance(table, dict):
        raise ConfigError(
            f"{path}:{start}: tool.isa-lint must be a table of options ([tool.isa-lint]), not {_kind(table)}"
        )
    lines = {key: _toml_line(text, key, start - 1) or start for key in table}
    for key, value in table.items():
        if _has_surrogate(value):
            raise ConfigError(
                f"{path}:{lines[key]}: {key}: the value is not valid UTF-8; save the file as UTF-8"
            )
    return table, lines


def _kind(value: Any) -> str:
    return _TOML_KINDS.get(type(value), "a date or time")


def _has_surrogate(value: Any) -> bool:
    """Whether a value holds text decoded from bytes that are not UTF-8."""
    if isinstance(value, str):
        return any("\udc80" <= c <= "\udcff" for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


_ISA_LINT_KEY = re.compile(r"""^\s*(?:\[\s*)?(?:tool\s*\.\s*)?["']?isa-lint["']?\s*[.=\]]""", re.MULTILINE)


def _table_start(text: str) -> int:
    """The line where isa-lint's table starts (its header, or its first dotted or inline key); else 1."""
    found = _ISA_LINT_KEY.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _toml_line(text: str, key: str, after: int) -> int:
    """The first line from line ``after + 1`` on where ``key`` is assigned (0 if none is found)."""
    name = re.escape(key)
    pattern = re.compile(rf"""(?:^|[\s.{{,])["']?{name}["']?\s*=""")
    for number, line in enumerate(text.splitlines()[after:], start=after + 1):
        if pattern.search(line.split("#", 1)[0]):
            return number
    return 0


def _validate(path: Path, options: dict[str, Any], lines: dict[str, int]) -> None:
    from cerberus import Validator

    checker = Validator(SCHEMA)
    try:
        valid = checker.validate(options)
    except RecursionError:
        raise ConfigError(f"{path}: values are nested too deeply to read") from None
    if valid:
        _check_rule_names(path, options, lines)
        return
    problems = []
    for key, detail in sorted(checker.errors.items(), key=lambda item: str(item[0])):
        line = lines.get(str(key), 1)
        what = "unknown option" if detail == ["unknown field"] else f"{_flatten(detail)}"
        hint = f"; options are: {', '.join(SCHEMA)}" if what == "unknown option" else ""
        problems.append(f"{path}:{line}: {key}: {what}{hint}")
    raise ConfigError("\n".join(problems))


def _flatten(detail: Any) -> str:
    if isinstance(detail, list):
        return "; ".join(_flatten(item) for item in detail)
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_flatten(value)}" for key, value in detail.items())
    return str(detail)


def _check_rule_names(path: Path, options: dict[str, Any], lines: dict[str, int]) -> None:
    """Every rule named in select, ignore, severity or per-file-ignores must exist."""
    problems = []
    for key in ("select", "ignore"):
        problems += [f"{path}:{lines.get(key, 1)}: {key}: {s}" for s in options.get(key, []) if not known(s)]
    from isa_lint.rules import lookup

    problems += [
        f"{path}:{lines.get('severity', 1)}: severity: {s}"
        for s in options.get("severity", {})
        if lookup(s) is None
    ]
    for pattern, selectors in options.get("per-file-ignores", {}).items():
        problems += [
            f"{path}:{lines.get('per-file-ignores', 1)}: per-file-ignores {pattern}: {s}"
            for s in selectors
            if not known(s)
        ]
    if problems:
        raise ConfigError(
            "\n".join(f"{p} is not a rule code or name ('isa-lint rules' lists them)" for p in problems)
        )


def known(selector: str, extra: tuple[Rule, ...] = ()) -> bool:
    """Whether a selector names at least one rule (built in, or from ``extra`` packs)."""
    from isa_lint.rules import RULES

    return any(_matches(rule, selector) for rule in (*RULES, *extra))


def _build(path: Path, options: dict[str, Any]) -> Config:
    from isa_lint.rules import lookup

    settings = Settings(today=dt.date.today())
    settings = settings._replace(
        review_window_days=options.get("review-warning-days", settings.review_window_days),
        max_review_months=options.get("max-review-months", settings.max_review_months),
        breach_warning_hours=options.get("breach-warning-hours", settings.breach_warning_hours),
        default_nation=options.get("nation", settings.default_nation),
    )
    severity = {}
    for selector, level in options.get("severity", {}).items():
        found = lookup(selector)
        if found is not None:
            severity[found.code] = Severity.parse(level)
    packs = tuple(path.parent / p for p in options.get("policy-packs", ()))
    from isa_lint.check.packs import PackError
    from isa_lint.check.packs import load as load_packs

    try:
        pack_rules = load_packs(packs)
    except PackError as error:
        raise ConfigError(str(error)) from None
    return Config(
        path=path,
        select=tuple(options.get("select", ())),
        ignore=tuple(options.get("ignore", ())),
        severity=severity,
        per_file_ignores={k: tuple(v) for k, v in options.get("per-file-ignores", {}).items()},
        exclude=tuple(options.get("exclude", ())),
        fail_on=Severity.parse(options.get("fail-on", "error")),
        settings=settings,
        policy_packs=packs,
        pack_rules=pack_rules,
    )


def with_overrides(
    config: Config,
    *,
    today: dt.date | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fail_on: Severity | None = None,
) -> Config:
    """Apply command-line options on top of the file's."""
    for selector in (*select, *ignore):
        if not known(selector, config.pack_rules):
            raise ConfigError(f"{selector} is not a rule code or name ('isa-lint rules' lists them)")
    return config.replace(
        select=select or config.select,
        ignore=(*config.ignore, *ignore),
        fail_on=fail_on or config.fail_on,
        settings=config.settings._replace(today=today) if today else config.settings,
    )
