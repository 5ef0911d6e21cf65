"""The results cache: a second run over unchanged agreements reads findings instead of linting.

Like ruff's ``.ruff_cache``, the cache lives in ``.isa-lint-cache/`` in the project root (the
folder of the configuration file, or the current folder), holds a ``CACHEDIR.TAG`` (so
backup tools skip it) and a ``.gitignore`` of ``*`` (so Git never sees it), and is always
safe to delete. ``isa-lint lint --no-cache`` neither reads nor writes it.

What a cached result depends on, and so what its key holds:

* the file: its display path and a BLAKE2b hash of its bytes (not its modification time,
  so a checkout or a touch does not invalidate it, and an edit always does);
* the run: isa-lint's version, a fingerprint of isa-lint's own code (size and modification
  time of every file in the package, so an edited rule in a development install is never
  served stale results), the contents of the law catalogues (a same-size edit with its time
  kept still changes the key), the installed versions of ruamel.yaml, jsonschema, cerberus
  and google-re2 (:func:`code_fingerprint`), the Python version,
  the whole configuration (select, ignore, severities, per-file ignores, settings including
  the date taken as today) and the bytes of every policy pack file.

Layout: ``.isa-lint-cache/<version>/<run key>/<first hex digit>.json``, sixteen shards per
run key, each a JSON object from file key to that file's findings and projection
(:mod:`isa_lint.run.projection`); ``<first hex digit>.data.json``, sixteen more, from file key
to the file's data as loaded (the report commands read it: a rebuild of a site over unchanged
agreements reads it instead of loading and checking every file; ``lint`` never reads them, so
they cost it nothing; the data is plain JSON values as loaded, since the loader keeps dates,
decimals and keys as text); and ``across.json``, from a hash of every file key of a run
(in order) to that run's configured findings across files (:mod:`isa_lint.rules.across_files`). A
run over files whose results and run-level result are all stored reads nothing else: no
projection, no rule. A run-level result is stored only if no protocol was read from disk
beside an agreement (that file is not among the keys), and at most :data:`MAX_RUNS` are
kept. JSON, never pickle: the folder sits in a working tree that others can write to, so
reading it must not run code; and for the same reason each shard's first line seals the
rest with this user's secret, kept outside the project (:func:`seal`), so a shard someone
else planted (an entry with no findings, say) is never read. A shard that is not a regular
file, is a link, is larger than :data:`MAX_SHARD_BYTES`, cannot be read or does
not have the expected shape is treated as empty; an entry of the wrong shape is a miss (a file
whose data is asked for and not stored is a miss too); so a
corrupt cache costs time, never a crash or a wrong answer. Shards are written with
:func:`isa_lint.run.atomic.write_atomic` (a reader sees the old or the new file, never half of
one), and only when they gained entries; each keeps at most :data:`MAX_ENTRIES_PER_SHARD`
entries, the least recently written dropped first (and a data shard no more than it may read
back, :data:`MAX_SHARD_BYTES`). Run keys not used for
:data:`STALE_DAYS` days are removed. A cache folder that is a link is neither read nor
written, so the cache cannot be led out of the project.
"""

import contextlib
import functools
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from isa_lint import __version__
from isa_lint.check.findings import Finding, Severity
from isa_lint.run.digest import blake2b

CACHE_DIR = ".isa-lint-cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by isa-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Automatically created by isa-lint.\n*\n"
MAX_ENTRIES_PER_SHARD = 4096
ACROSS = "across"
"""The shard holding results of the checks across files, keyed on the run's files."""
DATA = ".data"
"""The end of the names of the shards holding each file's data."""
MAX_RUNS = 64
"""Sets of files whose results across files are kept (pre-commit runs see many small sets)."""
STALE_DAYS = 30
FORMAT = 4
"""The layout of an entry; bump it when it changes."""
MAX_SHARD_BYTES = 64 * 2**20
"""Largest shard read; a larger one (or anything but a regular file) is read as empty."""

Entry = Any
"""A file's result (a JSON object) or, in the :data:`ACROSS` shard, a run's findings (a list)."""


class Record(NamedTuple):
    """A file's cached result: its findings, its projection (:mod:`isa_lint.run.projection`)
    and its fatal load problems."""

    findings: list[Finding]
    projection: Any
    problems: list[tuple[str, str, int, int, str]]
    data: Any = None
    """The file's data when it was asked for (:meth:`ResultCache.get`)."""


def file_key(display: str, raw: bytes) -> str:
    """The key of one file's results: its path as shown and its content.

    BLAKE2b, built into CPython (:mod:`isa_lint.run.digest`): OpenSSL's SHA-256 hashes a file in
    half the time, but loading OpenSSL costs about as much as hashing a thousand files.
    """
    digest = blake2b(raw, digest_size=20)
    digest.update(b"\0" + display.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


NOT_LINTED = ("examples", "reports", "server", "site", "word")
"""Package folders no finding and no file's data depends on (rule examples, the report, site,
Word and editor commands): editing them keeps the cache, and each of their files is a stat
fewer on every run. ``tests/test_launch.py`` checks lint imports none of them."""


DEPENDENCIES = ("ruamel.yaml", "jsonschema", "cerberus", "google-re2")
"""The libraries whose behaviour findings depend on: their installed versions are in the key."""


def code_fingerprint() -> str:
    """isa-lint's own code and data as they are now, and the libraries it checks with.

    The code by names, sizes and modification times, so a development install never serves
    results from before an edit (:func:`isa_lint.run.compiled.source_stamp`, as for saved pages);
    the law catalogues by the contents this process read (:func:`isa_lint.catalogues.digest`),
    since a same-size edit whose modification time is kept (``cp -p``, ``rsync -t``, tar)
    changes findings; and the versions of
    :data:`DEPENDENCIES`, from their installed metadata folders' names.
    """
    from isa_lint import catalogues
    from isa_lint.run.compiled import source_stamp

    return f"{source_stamp(skip=NOT_LINTED)}:{catalogues.digest()}:{','.join(dependency_versions())}"


def dependency_versions() -> list[str]:
    """``name-version`` of each of :data:`DEPENDENCIES` as installed where Python imports it from.

    Read from the ``<name>-<version>.dist-info`` folder names on ``sys.path`` (a directory
    listing each), not ``importlib.metadata``, which costs a tenth of a second on a start.
    """
    wanted = {_normal(name) for name in DEPENDENCIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                if _normal(project) in wanted:
                    found.setdefault(_normal(project), f"{_normal(project)}-{version}")
    return [found.get(name, f"{name}-missing") for name in sorted(wanted)]


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


NOT_IN_KEY = frozenset({"path", "fail_on", "pack_rules"})
"""Configuration fields that do not change findings (the packs' rules are keyed by the packs' bytes)."""


def run_key(config: Any) -> str:
    """Everything besides the file that a file's findings depend on, hashed.

    Every field of the configuration is included except :data:`NOT_IN_KEY`, so an option
    added later is part of the key without anyone remembering to add it here.
    """
    packs = []
    for pack in config.policy_packs:
        try:
            packs.append(blake2b(Path(pack).read_bytes(), digest_size=16).hexdigest())
        except OSError:
            packs.append(f"missing:{pack}")
    described = {
        "format": FORMAT,
        "version": __version__,
        "code": code_fingerprint(),
        "python": list(sys.version_info[:2]),
        "config": {name: repr(getattr(config, name)) for name in config.FIELDS if name not in NOT_IN_KEY},
        "pack_contents": packs,
    }
    text = json.dumps(described, sort_keys=True, default=str)
    return blake2b(text.encode(), digest_size=16).hexdigest()


def finding_to_json(finding: Finding) -> list[Any]:
    return [
        finding.code,
        finding.name,
        int(finding.severity),
        finding.message,
        finding.line,
        finding.column,
        finding.pointer,
        finding.fix,
        finding.citation,
        finding.fingerprint,
        finding.unconfirmed,
    ]


def finding_from_json(path: str, item: Any) -> Finding:
    """A finding from its cached form; ValueError or TypeError when the form is wrong."""
    if not isinstance(item, list) or len(item) != 11:
        raise ValueError("not a cached finding")
    code, name, severity, message, line, column, pointer, fix, citation, fingerprint, unconfirmed = item
    texts = (code, name, message, pointer, fix, citation, fingerprint)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("cached finding text")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (severity, line, column)):
        raise TypeError("cached finding number")
    if not isinstance(unconfirmed, bool):
        raise TypeError("cached finding flag")
    return Finding(
        code=code,
        name=name,
        severity=Severity(severity),
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        fix=fix,
        citation=citation,
        fingerprint=fingerprint,
        unconfirmed=unconfirmed,
    )


class ResultCache:
    """The cache of one run key; read shard by shard on demand, written by :meth:`save`.

    ``folder`` is ``.isa-lint-cache`` itself.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self.folder, self.key = folder, key
        self.shards: dict[str, dict[str, Entry]] = {}
        self.dirty: set[str] = set()

    @classmethod
    def for_config(cls, config: Any) -> "ResultCache":
        return cls(Path(config.root) / CACHE_DIR, run_key(config))

    @property
    def run_folder(self) -> Path:
        return self.folder / __version__ / self.key

    @functools.cached_property
    def usable(self) -> bool:
        """Whether the cache may be used at all: a secret to seal it with, and no folder of it
        a symbolic link (which could lead reads and writes out of the project)."""
        if seal("") is None:
            return False
        return not any(os.path.islink(p) for p in (self.folder, self.folder / __version__, self.run_folder))

    def _shard(self, name: str) -> dict[str, Entry]:
        shard = self.shards.get(name)
        if shard is None:
            found = _read_shard(self.run_folder / f"{name}.json") if self.usable else {}
            shard = self.shards[name] = found
        return shard

    def get(self, key: str, path: str, *, projection: bool = True, data: bool = False) -> Record | None:
        """The cached result for a file key, or None (also for an entry of the wrong shape).

        Without ``projection`` (the checks across files will not run), the projection is
        not read and the record's is None. With ``data``, a file whose data is not stored
        is a miss.
        """
        entry = self._shard(key[0]).get(key)
        if entry is None:
            return None
        kept = None
        if data:
            stored = self._shard(key[0] + DATA).get(key)
            if not isinstance(stored, dict) or "d" not in stored:
                return None
            kept = stored["d"]
        try:
            findings = [finding_from_json(path, item) for item in entry["f"]]
            problems = [_problem(item) for item in entry["e"]]
            return Record(findings, json.loads(entry["p"]) if projection else None, problems, kept)
        except (KeyError, TypeError, ValueError, RecursionError):
            return None

    def get_across(self, keys: list[str]) -> list[Finding] | None:
        """The cached findings across files of a run over exactly these file keys, or None."""
        entry = self._runs().get(_files_key(keys)) if all(keys) else None
        if not isinstance(entry, list):
            return None
        try:
            return [_finding_with_path(item) for item in entry]
        except (TypeError, ValueError):
            return None

    def put_across(self, keys: list[str], findings: list[Finding]) -> None:
        """Store the (configured) findings across files of a run over these file keys."""
        if not all(keys):
            return
        runs = self._runs()
        name = _files_key(keys)
        runs.pop(name, None)
        runs[name] = [[f.path, *finding_to_json(f)] for f in findings]
        self.dirty.add(ACROSS)

    def _runs(self) -> dict[str, Entry]:
        return self._shard(ACROSS)

    def put(
        self,
        key: str,
        findings: list[Finding],
        projection: Any,
        problems: list[tuple[str, str, int, int, str]],
    ) -> None:
        name = key[0]
        shard = self._shard(name)
        shard.pop(key, None)
        shard[key] = {
            "f": [finding_to_json(f) for f in findings],
            "p": json.dumps(projection, ensure_ascii=False, separators=(",", ":")),
            "e": [list(p) for p in problems],
        }
        self.dirty.add(name)

    def put_data(self, key: str, data: Any) -> None:
        """Store a file's data as loaded (plain JSON values) beside its result."""
        name = key[0] + DATA
        shard = self._shard(name)
        shard.pop(key, None)
        shard[key] = {"d": data}
        self.dirty.add(name)

    def save(self) -> None:
        """Write the shards that changed; any error writing is ignored (it is only a cache)."""
        if not self.dirty or not self.usable:
            return
        from isa_lint.run.atomic import write_atomic

        try:
            _prepare(self.folder)
            if self.folder.is_symlink() or not self.folder.is_dir():
                return
            self.run_folder.mkdir(parents=True, exist_ok=True)
            os.utime(self.run_folder)
            for name in sorted(self.dirty):
                shard = self.shards[name]
                while len(shard) > (MAX_RUNS if name == ACROSS else MAX_ENTRIES_PER_SHARD):
                    shard.pop(next(iter(shard)))
                text = _shard_text(shard)
                while len(shard) > 1 and len(text.encode("utf-8", "surrogatepass")) > MAX_SHARD_BYTES - 64:
                    for _ in range(max(len(shard) // 8, 1)):
                        shard.pop(next(iter(shard)))
                    text = _shard_text(shard)
                write_atomic(self.run_folder / f"{name}.json", f"{seal(text)}\n{text}", durable=False)
            self.dirty.clear()
            _remove_stale(self.folder, keep=self.run_folder)
        except OSError:
            return


def _shard_text(shard: dict[str, Entry]) -> str:
    return json.dumps({"format": FORMAT, "entries": shard}, ensure_ascii=False, separators=(",", ":"))


def _finding_with_path(item: Any) -> Finding:
    if not isinstance(item, list) or not item or not isinstance(item[0], str):
        raise ValueError("not a cached finding across files")
    return finding_from_json(item[0], item[1:])


def _files_key(keys: list[str]) -> str:
    """One key for a run's files: every file's key (path and content), in order."""
    return blake2b("\n".join(keys).encode(), digest_size=20).hexdigest()


def _problem(item: Any) -> tuple[str, str, int, int, str]:
    if not isinstance(item, list) or len(item) != 5:
        raise ValueError("not a cached problem")
    code, message, line, column, pointer = item
    if not (isinstance(code, str) and isinstance(message, str) and isinstance(pointer, str)):
        raise TypeError("cached problem text")
    if not (isinstance(line, int) and isinstance(column, int)):
        raise TypeError("cached problem number")
    return code, message, line, column, pointer


def _read_shard(path: Path) -> dict[str, Entry]:
    """A shard's entries; empty unless it is a regular file (not a link), small enough, and sealed
    by this user's secret (:func:`seal`)."""
    from isa_lint.load.document import read_regular

    try:
        raw = read_regular(path, MAX_SHARD_BYTES, follow=False)
        if len(raw) > MAX_SHARD_BYTES:
            return {}
        mark, _, body = raw.decode("utf-8").partition("\n")
        if not mark or mark != seal(body):
            return {}
        data = json.loads(body)
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("entries"), dict)
    ):
        return {}
    entries: dict[str, Entry] = {k: v for k, v in data["entries"].items() if isinstance(v, (dict, list))}
    return entries


@functools.cache
def _secret() -> bytes | None:
    """This user's key for sealing cache shards, kept outside every project (None: no cache).

    ``$XDG_CACHE_HOME/isa-lint/cache-secret`` (or ``~/.cache/...``), 32 random bytes made
    on first use, readable by its owner only.
    """
    from isa_lint.load.document import read_regular

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "isa-lint")
    path = os.path.join(folder, "cache-secret")
    for _ in range(2):
        try:
            secret = read_regular(path, 64, follow=False)
            return secret if len(secret) == 32 else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            descriptor = os.open(path, flags, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(os.urandom(32))
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


def seal(text: str) -> str | None:
    """A keyed hash of a shard's text with this user's secret (None when there is no secret).

    The cache sits in a working tree that others can write to (a pull request can add
    files to it): a shard not sealed by this user's secret is never read, so no one else's
    file can hide a finding.
    """
    secret = _secret()
    if secret is None:
        return None
    return blake2b(text.encode("utf-8", "surrogatepass"), key=secret, digest_size=20).hexdigest()


def _prepare(folder: Path) -> None:
    """Create the cache folder with its CACHEDIR.TAG and .gitignore."""
    from isa_lint.run.atomic import write_atomic

    folder.mkdir(exist_ok=True)
    for name, content in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
        if not (folder / name).exists():
            with contextlib.suppress(FileExistsError):
                write_atomic(folder / name, content, overwrite=False)


def _remove_stale(folder: Path, keep: Path) -> None:
    """Remove run folders (of any version) not used for STALE_DAYS days."""
    limit = time.time() - STALE_DAYS * 86400
    for version in folder.iterdir():
        if not version.is_dir() or version.is_symlink():
            continue
        for run in version.iterdir():
            if run != keep and run.is_dir() and not run.is_symlink() and run.stat().st_mtime < limit:
                import shutil  # only when pruning: its import costs start-up time

                shutil.rmtree(run, ignore_errors=True)
        if version != keep.parent and not any(version.iterdir()):
            version.rmdir()
