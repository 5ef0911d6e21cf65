"""The isa-lint benchmark: isa-lint against check-jsonschema and yamllint on the same files.

Run it from the repository with the bench extra installed (check-jsonschema with
ruamel.yaml's C extension, and yamllint)::

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py            # N = 1, 100, 1,000, 10,000; writes docs/performance.md
    .venv/bin/python bench/run.py --quick    # N = 1, 100: the regression guard run by .ci/run

Every figure is taken from whole processes, and the one that counts is **CPU seconds**: user
plus system time of the process and every worker it started, from ``os.wait4`` (the same
accounting as ``/usr/bin/time``). This machine's two cores are shared, so wall time flatters
isa-lint when the second core is idle (its workers run there) and hides it when a neighbour
is busy; CPU seconds do neither. Wall time is printed beside it.

Every ratio is taken pair by pair within one run, A then B then A..., so both see the same
machine, and quoted as the median of the pairs:

* ``isa-lint lint --no-cache --jobs 1`` against check-jsonschema with isa-lint's own schema on
  the same files (one process each, so the CPU ratio compares like with like);
* the default ``--jobs`` against ``--jobs 1`` (wall speed-up, and the CPU the pool costs);
* at 10,000 files, isa-lint at 10,000 against isa-lint at 1,000 (how it scales: each
  10,000-file run between two 1,000-file runs, so drift in the machine counts on both sides);
* yamllint on the same files (up to 1,000 files; not in ``--quick``);
* ``isa-lint lint`` a second time with the cache filled by a first run;
* peak memory at the largest N in every output format, with ``--jobs 1`` and ``--jobs 2``;
* the start-up of ``--version``, ``--help``, ``rules`` and ``explain ISA401``;
* one agreement as pre-commit runs it (``isa-lint lint --agreements-only FILE``, the cache
  on, the file edited before each run so its result is never cached), with isa-lint
  installed as pre-commit installs a hook (a new virtual environment and ``pip install`` of
  this repository, so its bytecode is compiled at install; not in ``--quick``, which has no
  time to install) and with this development install.

It also checks that the output of ``--jobs 1``, ``--jobs 2`` and a cached run are the same
bytes. It prints a table, and (without ``--quick`` or with ``--write``) replaces the measured
part of docs/performance.md.

``--quick`` fails (exit 1) when the CPU ratio to check-jsonschema is above
:data:`QUICK_LIMITS` for most pairs (the lower quartile of the pair ratios is compared, so one
noisy pair does not fail it, but a real slowdown, which moves every pair, does).
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
from collections.abc import Callable
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
SCALING_RUNS = 3
"""Runs at 10,000 files for the scaling ratio, each between two at 1,000; the median counts."""
JOB_PAIRS = {1: 15, 100: 7}
"""Pairs of ``--jobs 1`` and default runs (default: 5; 3 in ``--quick`` except at N = 1): the
two do the same work on one file, so only a median of many says "no slower" rather than noise."""
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")
QUICK_LIMITS = {1: 0.30, 100: 0.70}
"""Quick-run ceilings on isa-lint's CPU seconds / check-jsonschema's, lower quartile of the
pairs; set from the quick runs in docs/performance.md with room for a noisy shared machine."""
TARGETS = {
    "cpu_ratio_1000": 0.75,
    "scaling_10000": 10.5,
    "memory_10000_mb": 64.0,
    "one_file_cpu_s": 0.1,
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


@dataclass
class Pair:
    """A and B measured in turn; the ratios A/B of wall and CPU seconds, pair by pair."""

    a: Series = field(default_factory=Series)
    b: Series = field(default_factory=Series)

    def ratios(self, figure: Callable[[Sample], float]) -> list[float]:
        return [figure(x) / figure(y) for x, y in zip(self.a.samples, self.b.samples, strict=True)]

    @property
    def cpu(self) -> float:
        return statistics.median(self.ratios(lambda s: s.cpu))

    @property
    def wall(self) -> float:
        return statistics.median(self.ratios(lambda s: s.wall))


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
    """Run ``command`` once as a whole process: wall time, CPU seconds, peak memory, exit code.

    ``os.wait4`` reports the process's own user and system time plus that of every child it
    waited for (its workers), and the largest resident set among them.
    """
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
    a: list[str], b: list[str], cwd: Path, runs: int, warm_up: bool = True, b_cwd: Path | None = None
) -> Pair:
    """A and B in turn, after one warm-up each."""
    if warm_up:
        measure(a, cwd)
        measure(b, b_cwd or cwd)
    pair = Pair()
    for _ in range(runs):
        pair.a.samples.append(measure(a, cwd))
        pair.b.samples.append(measure(b, b_cwd or cwd))
    return pair


@dataclass
class Bracketed(Pair):
    """Each A run between two B runs (B A B A ... B): A against the mean of the B runs either
    side of it. A 10,000-file run lasts ten times a 1,000-file one, so one B after it would
    catch the machine at one moment of the A run; the B runs either side catch its drift."""

    def ratios(self, figure: Callable[[Sample], float]) -> list[float]:
        b = [figure(s) for s in self.b.samples]
        return [figure(x) / ((b[i] + b[i + 1]) / 2) for i, x in enumerate(self.a.samples)]


def bracketed(a: list[str], a_cwd: Path, b: list[str], b_cwd: Path, runs: int) -> Bracketed:
    """``runs`` runs of A, each between two runs of B (``runs`` + 1 of them)."""
    pair = Bracketed()
    pair.b.samples.append(measure(b, b_cwd))
    for _ in range(runs):
        pair.a.samples.append(measure(a, a_cwd))
        pair.b.samples.append(measure(b, b_cwd))
    return pair


def repeated(command: list[str], cwd: Path, runs: int) -> Series:
    measure(command, cwd)
    return Series([measure(command, cwd) for _ in range(runs)])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Row:
    n: int
    versus_cjs: Pair
    yamllint: Series | None
    cached: Series
    jobs: Pair | None
    identical: bool
    scaling: Bracketed | None = None
    memory: dict[tuple[str, int], float] = field(default_factory=dict)


def corpus_of(n: int, work: Path) -> Path:
    folder = work / f"corpus-{n}"
    if not folder.exists():
        generate(folder / "agreements", n)
    return folder


def lint_command(*extra: str) -> list[str]:
    return [tool("isa-lint"), "lint", "--today", TODAY, "agreements", *extra]


def bench_size(n: int, runs: int, yamllint_all: bool, work: Path, quick: bool = False) -> Row:
    corpus = corpus_of(n, work)
    names = sorted(p.name for p in (corpus / "agreements").iterdir())
    cjs = [tool("check-jsonschema"), "--schemafile", str(SCHEMA), *(f"agreements/{name}" for name in names)]
    single = lint_command("--no-cache", "--jobs", "1")
    big = n >= 10000  # minutes a run: no warm-up, and --jobs is compared at 1,000
    print(f"N={n}: isa-lint --no-cache --jobs 1 vs check-jsonschema ({runs} pairs)", flush=True)
    versus = paired(single, cjs, corpus, runs, warm_up=not big)
    scaling = None
    if big:
        print(
            f"N={n}: isa-lint --jobs 1 at {n:,}, each run between two at 1,000 ({SCALING_RUNS} runs)",
            flush=True,
        )
        scaling = bracketed(single, corpus, single, corpus_of(1000, work), SCALING_RUNS)
    yaml_series = None
    if (n <= 1000 or yamllint_all) and not quick:
        print(f"N={n}: yamllint", flush=True)
        yaml_runs = 1 if n >= 1000 else runs
        yaml_series = Series([measure([tool("yamllint"), "agreements"], corpus) for _ in range(yaml_runs)])
    print(f"N={n}: isa-lint with the cache, --jobs 1 against the default", flush=True)
    shutil.rmtree(corpus / ".isa-lint-cache", ignore_errors=True)
    measure(lint_command(), corpus, work / "cached-first.txt")
    side_runs = min(runs, 3) if quick else max(runs, 5)
    cached = Series([measure(lint_command(), corpus, work / "cached.txt") for _ in range(side_runs)])
    compared = ["cached-first.txt", "cached.txt"]
    jobs = None
    if not big:
        job_pairs = JOB_PAIRS.get(n, side_runs) if not quick or n == 1 else side_runs
        jobs = paired(lint_command("--no-cache"), single, corpus, job_pairs)
        measure(single, corpus, work / "jobs1.txt")
        measure(lint_command("--no-cache", "--jobs", "2"), corpus, work / "jobs2.txt")
        compared += ["jobs1.txt", "jobs2.txt"]
    memory = peak_memory(corpus) if big else {}
    outputs = {digest(work / name) for name in compared}
    return Row(n, versus, yaml_series, cached, jobs, len(outputs) == 1, scaling, memory)


def peak_memory(corpus: Path) -> dict[tuple[str, int], float]:
    """Peak memory (MB) of an uncached run in every output format, with one job and two."""
    memory: dict[tuple[str, int], float] = {}
    for name in FORMATS:
        for count in (1, 2):
            print(f"peak memory, --format {name} --jobs {count}", flush=True)
            sample = measure(lint_command("--no-cache", "--format", name, "--jobs", str(count)), corpus)
            memory[(name, count)] = sample.rss_mb
    return memory


def memory_table(n: int, memory: dict[tuple[str, int], float]) -> str:
    lines = [f"Peak memory at {n:,} files, `--no-cache`, by output format:", ""]
    lines += ["| format | --jobs 1 | --jobs 2 |", "|---|---:|---:|"]
    lines += [f"| {name} | {memory[(name, 1)]:.0f} MB | {memory[(name, 2)]:.0f} MB |" for name in FORMATS]
    return "\n".join(lines)


HOOK_INSTALL = "installed as pre-commit installs it"
DEVELOPMENT = "the development install (editable)"


def hook_install(work: Path) -> str:
    """isa-lint installed as pre-commit installs its hook: ``pip install`` of this repository
    (not editable: pip compiles the bytecode, and the dependencies are the latest allowed)
    into a new virtual environment. Returns its ``isa-lint``."""
    env = work / "hook-env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run(
        [str(env / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(ROOT)], check=True
    )
    return str(env / "bin" / "isa-lint")


def pre_commit(runs: int, work: Path, executable: str) -> Series:
    """One agreement as pre-commit runs it: the hook's entry and arguments and the file's name.

    The results cache is on, as in the hook, and the file is edited before every run (a
    comment line added, outside the timing), as in a commit that changes it: its result is
    never in the cache, the cache folder and the run's other entries are.
    """
    folder = work / "pre-commit"
    generate(folder / "agreements", 1)
    (name,) = sorted(p.name for p in (folder / "agreements").iterdir())
    command = [executable, "lint", "--agreements-only", f"agreements/{name}"]
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
    try:
        load = ", load average at the start {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = ""
    return [
        f"- Machine: {platform.system()} {platform.release()} ({platform.machine()}), {model}, "
        f"{cores} cores available{memory}{load}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
    ]


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def lower_quartile(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 4]


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| N | isa-lint --jobs 1: CPU (wall) | check-jsonschema: CPU (wall) | **CPU ratio** | wall ratio "
        "| yamllint: CPU | default --jobs: CPU (wall) | wall speed-up of --jobs | cached: CPU (wall) "
        "| peak memory isa-lint / check-jsonschema | same output |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        pair, jobs = row.versus_cjs, row.jobs
        lines.append(
            f"| {row.n:,} | {seconds(pair.a.cpu)} ({seconds(pair.a.wall)}) | {seconds(pair.b.cpu)} "
            f"({seconds(pair.b.wall)}) | **{pair.cpu:.2f}** | {pair.wall:.2f} "
            f"| {seconds(row.yamllint.cpu) if row.yamllint else 'not run'} "
            f"| {f'{seconds(jobs.a.cpu)} ({seconds(jobs.a.wall)})' if jobs else 'not run'} "
            f"| {f'{1 / jobs.wall:.2f}' if jobs else 'not run'} "
            f"| {seconds(row.cached.cpu)} ({seconds(row.cached.wall)}) "
            f"| {pair.a.rss_mb:.0f} / {pair.b.rss_mb:.0f} MB | {'yes' if row.identical else '**no**'} |"
        )
    return lines


def report(
    rows: list[Row], starts: dict[str, Series], hooks: dict[str, Series], quick: bool
) -> tuple[str, list[str]]:
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
    lines.append(
        "- CPU = user + system seconds of the process and its workers (`os.wait4`); ratios are medians of pair-by-pair ratios"
    )
    lines += ["", *table(rows)]
    by_n = {row.n: row for row in rows}
    for row in rows:
        if row.scaling:
            lines += [
                "",
                f"{row.n:,} against 1,000 files, `--jobs 1`, each {row.n:,}-file run between two 1,000-file runs "
                f"({len(row.scaling.a.samples)} runs): CPU {seconds(row.scaling.a.cpu)} against "
                f"{seconds(row.scaling.b.cpu)} (medians), ratio **{row.scaling.cpu:.1f}** "
                f"(median of {', '.join(f'{r:.1f}' for r in row.scaling.ratios(lambda s: s.cpu))}; "
                f"wall {row.scaling.wall:.1f}).",
            ]
        if row.memory:
            lines += ["", memory_table(row.n, row.memory)]
    lines += ["", "| start-up | CPU, median | wall, median | wall, max |", "|---|---:|---:|---:|"]
    timed = {f"`isa-lint {name}`": series for name, series in starts.items()}
    for install, series in hooks.items():
        timed[
            f"one agreement as pre-commit runs it, {install}: `isa-lint lint --agreements-only FILE`, the file edited since the last run"
        ] = series
    for name, series in timed.items():
        lines.append(
            f"| {name} | {seconds(series.cpu)} | {seconds(series.wall)} | {seconds(max(s.wall for s in series.samples))} |"
        )
    checks: list[tuple[str, bool]] = []
    if 1000 in by_n:
        row = by_n[1000]
        ratio = row.versus_cjs.cpu
        checks.append(
            (
                f"1,000 agreements, --jobs 1: CPU ratio {ratio:.2f} <= {TARGETS['cpu_ratio_1000']}",
                ratio <= TARGETS["cpu_ratio_1000"],
            )
        )
        if row.jobs:
            speed = 1 / row.jobs.wall
            checks.append(
                (
                    f"--jobs default {speed:.2f} x faster (wall) than --jobs 1 on 1,000 (>= {TARGETS['jobs_speedup_1000']})",
                    speed >= TARGETS["jobs_speedup_1000"],
                )
            )
        checks.append(
            (
                f"cached second run over 1,000: {seconds(row.cached.wall)} wall (< {TARGETS['cached_1000_s']} s)",
                row.cached.wall < TARGETS["cached_1000_s"],
            )
        )
    for row in rows:
        if row.scaling:
            scale = row.scaling.cpu
            checks.append(
                (
                    f"{row.n:,} takes {scale:.1f} x the CPU of 1,000, bracketed (<= {TARGETS['scaling_10000']})",
                    scale <= TARGETS["scaling_10000"],
                )
            )
        if row.memory:
            worst = max(row.memory.values())
            checks.append(
                (
                    f"peak memory at {row.n:,}, every format and --jobs 1 and 2: at most {worst:.0f} MB (< {TARGETS['memory_10000_mb']:.0f} MB)",
                    worst < TARGETS["memory_10000_mb"],
                )
            )
    install, hook = next(iter(hooks.items()))  # installed as pre-commit installs it, when measured
    checks.append(
        (
            f"one agreement as pre-commit runs it, {install}: {seconds(hook.cpu)} CPU (< {TARGETS['one_file_cpu_s']} s)",
            hook.cpu < TARGETS["one_file_cpu_s"],
        )
    )
    if 1 in by_n and by_n[1].jobs:
        slower = 1 / by_n[1].jobs.wall
        checks.append(
            (
                f"one agreement, --jobs 1 / default = {slower:.2f} wall (default no slower: >= 0.95)",
                slower >= 0.95,
            )
        )
    for name, series in starts.items():
        checks.append(
            (
                f"`{name}` start-up {seconds(series.cpu)} CPU (< {TARGETS['startup_s']} s)",
                series.cpu < TARGETS["startup_s"],
            )
        )
    for row in rows:
        which = "--jobs 1, --jobs 2 and cached" if row.jobs else "uncached and cached"
        checks.append((f"N={row.n:,}: {which} output identical", row.identical))
    if quick:
        for row in rows:
            limit = QUICK_LIMITS.get(row.n)
            if limit is not None:
                quartile = lower_quartile(row.versus_cjs.ratios(lambda s: s.cpu))
                checks.append(
                    (
                        f"quick guard N={row.n}: lower-quartile CPU ratio {quartile:.2f} <= {limit}",
                        quartile <= limit,
                    )
                )
    lines += ["", "Targets:", ""]
    lines += [f"- {'met' if ok else '**not met**'}: {text}" for text, ok in checks]
    missed = [text for text, ok in checks if not ok]
    return "\n".join(lines) + "\n", missed


def write_doc(measured: str, command: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    stamp = f"Measured by `{command}` on {time.strftime('%Y-%m-%d')}.\n\n"
    DOC.write_text(f"{head}{BEGIN}\n{stamp}{measured}{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 1 and 100 only, and fail on a slowdown")
    parser.add_argument("--sizes", help="comma-separated N (default 1,100,1000,10000)")
    parser.add_argument("--runs", type=int, help="runs per figure (default depends on N)")
    parser.add_argument("--yamllint-all", action="store_true", help="time yamllint above 1,000 files too")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    parser.add_argument(
        "--memory-only", action="store_true", help="only peak memory in every format and --jobs 1 and 2"
    )
    args = parser.parse_args()
    sizes = (
        tuple(int(n) for n in args.sizes.split(",")) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    )
    if args.memory_only:
        with tempfile.TemporaryDirectory(prefix="isa-lint-bench-") as temporary:
            for n in sizes:
                print(memory_table(n, peak_memory(corpus_of(n, Path(temporary)))))
        return 0
    with tempfile.TemporaryDirectory(prefix="isa-lint-bench-") as temporary:
        work = Path(temporary)
        rows = [
            bench_size(n, args.runs or RUNS.get(n, 3), args.yamllint_all, work, args.quick) for n in sizes
        ]
        starts = startup(args.runs or (5 if args.quick else 10), work)
        runs = args.runs or (5 if args.quick else 10)
        hooks = {} if args.quick else {HOOK_INSTALL: pre_commit(runs, work, hook_install(work))}
        hooks[DEVELOPMENT] = pre_commit(runs, work, tool("isa-lint"))
    measured, missed = report(rows, starts, hooks, args.quick)
    print()
    print(measured)
    if (not args.quick or args.write) and not args.no_write:
        write_doc(measured, "python bench/run.py " + " ".join(sys.argv[1:]))
        print(f"wrote {DOC.relative_to(ROOT)}")
    if args.quick:
        guard = [text for text in missed if text.startswith(("quick guard", "N="))]
        if guard:
            print("bench: regression guard failed:\n  " + "\n  ".join(guard), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
