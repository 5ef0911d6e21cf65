"""The isa-lint benchmark: isa-lint against check-jsonschema and yamllint on the same files.

Run it from the repository with the bench extra installed (check-jsonschema with
ruamel.yaml's C extension, and yamllint)::

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py            # N = 1, 100, 1,000, 10,000; writes docs/performance.md
    .venv/bin/python bench/run.py --quick    # N = 1, 100: the regression guard run by .ci/run

For each N it generates N agreements (:mod:`bench.corpus`) in a temporary folder and times,
as whole processes and in turn (isa-lint, then check-jsonschema, then isa-lint again...),
so that both see the same machine:

* ``isa-lint lint --no-cache`` (a cold process, every rule) and check-jsonschema with
  isa-lint's own schema, on the same files; the ratio is taken pair by pair;
* yamllint on the same files (up to 1,000 files unless ``--yamllint-all``: it takes minutes;
  not in ``--quick``, which must stay within a minute);
* ``isa-lint lint`` a second time with the cache filled by a first run;
* ``isa-lint lint --no-cache --jobs 1`` against the default ``--jobs``, pair by pair;
* the start-up of ``--version``, ``--help``, ``rules`` and ``explain ISA401``.
* one agreement as pre-commit runs it (``isa-lint lint FILE``, the cache on, the file
  edited before each run so its result is never cached): the one-agreement target.

Wall time is measured around each process; CPU time and peak memory (the largest resident
set of the process and any worker it started) come from ``os.wait4``. Every figure is the
median of the runs. It also checks that the output of ``--jobs 1``, the default ``--jobs``
and a cached run are the same bytes. It prints a table, and (without ``--quick`` or with
``--write``) replaces the measured part of docs/performance.md.

``--quick`` fails (exit 1) when the ratio to check-jsonschema is above :data:`QUICK_LIMITS`
for most pairs (the lower quartile of the pair ratios is compared, so one noisy pair does
not fail it, but a real slowdown, which moves every pair, does).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import TODAY, generate  # noqa: E402

SCHEMA = ROOT / "schemas" / "agreement-v1.schema.json"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

SIZES = (1, 100, 1000, 10000)
QUICK_SIZES = (1, 100)
RUNS = {1: 7, 100: 5, 1000: 5, 10000: 1}
JOB_PAIRS = {1: 15, 100: 7}
"""Pairs of ``--jobs 1`` and default runs (default: 5; 3 in ``--quick`` except at N = 1): the
two do the same work on one file, so only a median of many says "no slower" rather than noise."""
QUICK_LIMITS = {1: 0.36, 100: 0.52}
"""Quick-run ceilings on isa-lint's time / check-jsonschema's time. Set from the lower quartiles
the quick runs of 2026-11-30 gave (0.19 to 0.26 at N = 1, 0.28 to 0.43 at N = 100, after the
changes of that day), with room for a noisy shared machine: a real slowdown moves every pair.
Lower them as isa-lint gets faster; see docs/performance.md."""
TARGETS = {
    "ratio_1000": 0.33,
    "scaling_10000": 10.5,
    "memory_10000_mb": 64.0,
    "one_file_s": 0.15,
    "startup_s": 0.06,
    "jobs_speedup_1000": 1.8,
    "cached_1000_s": 0.3,
}


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    code: int


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


def tool(name: str) -> str:
    """An executable beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"bench: {name} is not installed; run: .venv/bin/pip install -e '.[bench]'")
    return found


def measure(command: list[str], cwd: Path, output: Path | None = None) -> Sample:
    """Run ``command`` once as a whole process: wall time, CPU time, peak memory, exit code."""
    sink = output.open("wb") if output is not None else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if output is not None and not isinstance(sink, int):
            sink.close()
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def paired(
    a: list[str], b: list[str], cwd: Path, runs: int, warm_up: bool = True
) -> tuple[Series, Series, list[float]]:
    """A and B in turn, after one warm-up each; the ratio A/B for each pair."""
    if warm_up:
        measure(a, cwd)
        measure(b, cwd)
    first, second, ratios = Series(), Series(), []
    for _ in range(runs):
        x, y = measure(a, cwd), measure(b, cwd)
        first.samples.append(x)
        second.samples.append(y)
        ratios.append(x.wall / y.wall)
    return first, second, ratios


def repeated(command: list[str], cwd: Path, runs: int) -> Series:
    measure(command, cwd)
    return Series([measure(command, cwd) for _ in range(runs)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Row:
    n: int
    isa: Series
    cjs: Series
    ratios: list[float]
    yamllint: Series | None
    cached: Series
    jobs1: Series | None
    jobs_default: Series | None
    jobs_ratios: list[float]
    identical: bool


def bench_size(n: int, runs: int, yamllint_all: bool, work: Path, quick: bool = False) -> Row:
    corpus = work / f"corpus-{n}"
    generate(corpus / "agreements", n)
    base = [tool("isa-lint"), "lint", "--today", TODAY]
    lint = [*base, "agreements"]
    names = sorted(p.name for p in (corpus / "agreements").iterdir())
    cjs = [tool("check-jsonschema"), "--schemafile", str(SCHEMA), *(f"agreements/{name}" for name in names)]
    big = n >= 10000  # minutes a run: no warm-up, and --jobs is compared at 1,000
    print(f"N={n}: isa-lint --no-cache vs check-jsonschema ({runs} pairs)", flush=True)
    isa, other, ratios = paired([*lint, "--no-cache"], cjs, corpus, runs, warm_up=not big)
    yaml_series = None
    if (n <= 1000 or yamllint_all) and not quick:
        print(f"N={n}: yamllint", flush=True)
        yaml_runs = 1 if n >= 1000 else runs
        yaml_series = Series([measure([tool("yamllint"), "agreements"], corpus) for _ in range(yaml_runs)])
    print(f"N={n}: isa-lint with the cache, --jobs 1 against the default", flush=True)
    shutil.rmtree(corpus / ".isa-lint-cache", ignore_errors=True)
    measure(lint, corpus, work / "cached-first.txt")
    side_runs = min(runs, 3) if quick else max(runs, 5)
    cached = Series([measure(lint, corpus, work / "cached.txt") for _ in range(side_runs)])
    job_pairs = JOB_PAIRS.get(n, side_runs) if not quick or n == 1 else side_runs
    jobs1: Series | None = None
    jobs_default: Series | None = None
    jobs_ratios: list[float] = []
    compared = ["cached-first.txt", "cached.txt"]
    if not big:
        jobs1, jobs_default, jobs_ratios = paired(
            [*lint, "--no-cache", "--jobs", "1"], [*lint, "--no-cache"], corpus, job_pairs
        )
        measure([*lint, "--no-cache", "--jobs", "1"], corpus, work / "jobs1.txt")
        measure([*lint, "--no-cache", "--jobs", "2"], corpus, work / "jobs2.txt")
        compared += ["jobs1.txt", "jobs2.txt"]
    outputs = {digest(work / name) for name in compared}
    shutil.rmtree(corpus)
    return Row(
        n,
        isa,
        other,
        ratios,
        yaml_series,
        cached,
        jobs1,
        jobs_default,
        jobs_ratios,
        len(outputs) == 1,
    )


def pre_commit(runs: int, work: Path) -> Series:
    """One agreement as pre-commit runs it: the hook's ``isa-lint lint`` and the file's name.

    The results cache is on, as in the hook, and the file is edited before every run (a
    comment line added, outside the timing), as in a commit that changes it: its result is
    never in the cache, the cache folder and the run's other entries are.
    """
    folder = work / "pre-commit"
    generate(folder / "agreements", 1)
    (name,) = sorted(p.name for p in (folder / "agreements").iterdir())
    command = [tool("isa-lint"), "lint", f"agreements/{name}"]
    samples = []
    for number in range(runs + 1):  # the first run, which makes the cache folder, is a warm-up
        with (folder / "agreements" / name).open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {number}\n")
        samples.append(measure(command, folder))
    shutil.rmtree(folder)
    return Series(samples[1:])


def startup(runs: int, work: Path) -> dict[str, Series]:
    isa_lint = tool("isa-lint")
    commands = {
        "--version": [isa_lint, "--version"],
        "--help": [isa_lint, "--help"],
        "rules": [isa_lint, "rules"],
        "explain ISA401": [isa_lint, "explain", "ISA401"],
    }
    return {name: repeated(command, work, runs) for name, command in commands.items()}


def versions() -> dict[str, str]:
    found = {}
    for name in (
        "isa-lint",
        "check-jsonschema",
        "jsonschema",
        "ruamel.yaml",
        "ruamel.yaml.clib",
        "ruamel.yaml.clibz",
        "yamllint",
    ):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def c_extension() -> bool:
    """Whether check-jsonschema's ruamel.yaml (the same Python) uses its C parser."""
    probe = "import ruamel.yaml.main as m; print(m.CParser is not None)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    return result.stdout.strip() == "True"


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return [
        f"- Machine: {platform.system()} {platform.release()} ({platform.machine()}), {model}, "
        f"{cores} cores available{memory}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
    ]


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def lower_quartile(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 4]


def report(rows: list[Row], starts: dict[str, Series], hook: Series, quick: bool) -> tuple[str, list[str]]:
    """The measured part of docs/performance.md, and the targets missed."""
    lines = [*machine()]
    found = versions()
    lines.append("- Versions: " + ", ".join(f"{name} {version}" for name, version in found.items()))
    lines.append(
        "- check-jsonschema's YAML parser: "
        + (
            "ruamel.yaml's C extension (`_ruamel_yaml`, from ruamel.yaml[oldlibyaml]) is installed and used"
            if c_extension()
            else "**pure Python: the C extension is missing, so its times are too slow**"
        )
    )
    lines.append(
        f"- Agreements: generated by `bench/corpus.py` (a quarter with real gaps); isa-lint runs with `--today {TODAY}`"
    )
    lines += [
        "",
        "| N | isa-lint, cold, every rule | check-jsonschema | ratio | yamllint | isa-lint, cached | isa-lint --jobs 1 | jobs 1 / default | peak memory isa-lint / check-jsonschema | same output |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        yaml_text = seconds(row.yamllint.wall) if row.yamllint else "not run"
        lines.append(
            f"| {row.n:,} | {seconds(row.isa.wall)} | {seconds(row.cjs.wall)} | {statistics.median(row.ratios):.2f} "
            f"| {yaml_text} | {seconds(row.cached.wall)} | {seconds(row.jobs1.wall) if row.jobs1 else 'not run'} "
            f"| {f'{statistics.median(row.jobs_ratios):.2f}' if row.jobs_ratios else 'not run'} "
            f"| {row.isa.rss_mb:.0f} / {row.cjs.rss_mb:.0f} MB "
            f"| {'yes' if row.identical else '**no**'} |"
        )
    lines += ["", "| start-up | median | max |", "|---|---:|---:|"]
    timed = {f"`isa-lint {name}`": series for name, series in starts.items()}
    timed["one agreement as pre-commit runs it: `isa-lint lint FILE`, the file edited since the last run"] = (
        hook
    )
    for name, series in timed.items():
        lines.append(f"| {name} | {seconds(series.wall)} | {seconds(max(s.wall for s in series.samples))} |")
    by_n = {row.n: row for row in rows}
    checks: list[tuple[str, bool]] = []
    if 1000 in by_n:
        row = by_n[1000]
        checks.append(
            (
                f"1,000 agreements: ratio {statistics.median(row.ratios):.2f} <= {TARGETS['ratio_1000']}",
                statistics.median(row.ratios) <= TARGETS["ratio_1000"],
            )
        )
        speed = statistics.median(row.jobs_ratios)
        checks.append(
            (
                f"--jobs default {speed:.2f} x faster than --jobs 1 on 1,000 (>= {TARGETS['jobs_speedup_1000']})",
                speed >= TARGETS["jobs_speedup_1000"],
            )
        )
        checks.append(
            (
                f"cached second run over 1,000: {seconds(row.cached.wall)} (< {TARGETS['cached_1000_s']} s)",
                row.cached.wall < TARGETS["cached_1000_s"],
            )
        )
    if 1000 in by_n and 10000 in by_n:
        scale = by_n[10000].isa.wall / by_n[1000].isa.wall
        checks.append(
            (
                f"10,000 takes {scale:.1f} x the 1,000 time (<= {TARGETS['scaling_10000']})",
                scale <= TARGETS["scaling_10000"],
            )
        )
        memory = by_n[10000].isa.rss_mb
        checks.append(
            (
                f"peak memory at 10,000: {memory:.0f} MB (< {TARGETS['memory_10000_mb']:.0f} MB)",
                memory < TARGETS["memory_10000_mb"],
            )
        )
    checks.append(
        (
            f"one agreement as pre-commit runs it: {seconds(hook.wall)} (< {TARGETS['one_file_s']} s)",
            hook.wall < TARGETS["one_file_s"],
        )
    )
    if 1 in by_n:
        row = by_n[1]
        slower = statistics.median(row.jobs_ratios)
        checks.append(
            (f"one agreement, --jobs 1 / default = {slower:.2f} (default no slower: >= 0.95)", slower >= 0.95)
        )
    for name, series in starts.items():
        checks.append(
            (
                f"`{name}` start-up {seconds(series.wall)} (< {TARGETS['startup_s']} s)",
                series.wall < TARGETS["startup_s"],
            )
        )
    for row in rows:
        which = "--jobs 1, --jobs 2 and cached" if row.jobs_ratios else "uncached and cached"
        checks.append((f"N={row.n:,}: {which} output identical", row.identical))
    if quick:
        for row in rows:
            limit = QUICK_LIMITS.get(row.n)
            if limit is not None:
                quartile = lower_quartile(row.ratios)
                checks.append(
                    (
                        f"quick guard N={row.n}: lower-quartile ratio {quartile:.2f} <= {limit}",
                        quartile <= limit,
                    )
                )
    lines += ["", "Targets:", ""]
    lines += [f"- {'met' if ok else '**not met**'}: {text}" for text, ok in checks]
    missed = [text for text, ok in checks if not ok]
    return "\n".join(lines) + "\n", missed


def write_doc(measured: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    stamp = f"Measured by `bench/run.py` on {time.strftime('%Y-%m-%d')}.\n\n"
    DOC.write_text(f"{head}{BEGIN}\n{stamp}{measured}{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 1 and 100 only, and fail on a slowdown")
    parser.add_argument("--sizes", help="comma-separated N (default 1,100,1000,10000)")
    parser.add_argument("--runs", type=int, help="runs per figure (default depends on N)")
    parser.add_argument("--yamllint-all", action="store_true", help="time yamllint above 1,000 files too")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args()
    sizes = (
        tuple(int(n) for n in args.sizes.split(",")) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    )
    with tempfile.TemporaryDirectory(prefix="isa-lint-bench-") as temporary:
        work = Path(temporary)
        rows = [
            bench_size(n, args.runs or RUNS.get(n, 3), args.yamllint_all, work, args.quick) for n in sizes
        ]
        starts = startup(args.runs or (5 if args.quick else 10), work)
        hook = pre_commit(args.runs or (5 if args.quick else 10), work)
    measured, missed = report(rows, starts, hook, args.quick)
    print()
    print(measured)
    if (not args.quick or args.write) and not args.no_write:
        write_doc(measured)
        print(f"wrote {DOC.relative_to(ROOT)}")
    if args.quick:
        guard = [text for text in missed if text.startswith(("quick guard", "N="))]
        if guard:
            print("bench: regression guard failed:\n  " + "\n  ".join(guard), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
