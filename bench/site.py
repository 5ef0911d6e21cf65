"""How long ``isa-lint site`` takes, cold and with the results cache, beside ``isa-lint register``.

    .venv/bin/python bench/site.py            # 1,000 agreements, three runs of each
    .venv/bin/python bench/site.py --count 100 --runs 1

It generates the agreements (:mod:`bench.corpus`) in a temporary folder, which is also the
project root the commands run in (so the results cache is kept there), then runs the commands
in turn as whole processes, so all see the same machine: the site cold (``--no-cache``), the
register, and the site again with the cache the previous build left (a rebuild over unchanged
agreements). CPU seconds are user plus system time from ``resource.getrusage`` of the children
(each process and what it waited for: the site's one Graphviz ``dot`` run and its workers
included). ``register`` is the peer: it lints the same files through the same pipeline and
renders one page, so the ratio shows what the site's pages and maps cost on top of linting.
Medians of the runs are printed, and the ratios per run. The script also checks that the cold
and cached builds wrote the same bytes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import TODAY, generate  # noqa: E402


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process (and the processes it waited for), run in ``folder``."""
    cpu, start = _cpu(), time.perf_counter()
    result = subprocess.run(
        command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall, spent = time.perf_counter() - start, _cpu() - cpu
    if result.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return wall, spent


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _line(name: str, runs: list[tuple[float, float]]) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"  {name:16s} {wall:6.2f} s wall  {cpu:6.2f} s CPU"


def _ratios(name: str, sites: list[tuple[float, float]], registers: list[tuple[float, float]]) -> str:
    ratios = [s[1] / r[1] for s, r in zip(sites, registers, strict=True)]
    pairs = ", ".join(f"{r:.2f}" for r in ratios)
    return f"  CPU ratio {name} / register: {statistics.median(ratios):.2f} (pairs: {pairs})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="agreements to generate (default 1,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command to time (default 3)")
    options = parser.parse_args()
    isa_lint = str(Path(sys.executable).parent / "isa-lint")
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        generate(root / "agreements", options.count)
        site = [isa_lint, "site", "agreements", "--today", TODAY, "-o"]
        cold, cached = [*site, "cold", "--no-cache"], [*site, "cached"]
        register = [isa_lint, "register", "agreements", "--format", "html", "--today", TODAY]
        for warm_up in (cold, cached, register):  # the file cache, Python's bytecode, the results cache
            measure(warm_up, root)
        colds, registers, cacheds = [], [], []
        for _ in range(options.runs):
            colds.append(measure(cold, root))
            registers.append(measure(register, root))
            cacheds.append(measure(cached, root))
        if _tree(root / "cold") != _tree(root / "cached"):
            sys.exit("bench: the cold and the cached builds wrote different bytes")
        pages = sum(1 for _ in (root / "cold").rglob("*.html"))
    print(f"isa-lint site over {options.count:,} agreements ({pages:,} pages), {options.runs} runs, medians:")
    print(_line("site, cold:", colds))
    print(_line("site, cached:", cacheds))
    print(_line("register:", registers))
    print(_ratios("cold", colds, registers))
    print(_ratios("cached", cacheds, registers))
    print("  (the cold and cached builds wrote the same bytes)")


if __name__ == "__main__":
    main()
