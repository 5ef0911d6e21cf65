"""How long ``isa-lint site`` takes, beside ``isa-lint register`` over the same files in the same run.

    .venv/bin/python bench/site.py            # 1,000 agreements, three pairs
    .venv/bin/python bench/site.py --count 100 --runs 1

It generates the agreements (:mod:`bench.corpus`) in a temporary folder, then runs the two
commands in turn as whole processes, so both see the same machine. CPU seconds are user plus
system time from ``resource.getrusage`` of the children (each process and what it waited
for: the site's one Graphviz ``dot`` run included). ``register`` is the peer: it lints the
same files through the same pipeline and renders one page, so the ratio shows what the site's
pages and maps cost on top of linting. Medians of the runs are printed, and the ratio per pair.
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


def measure(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process (and the processes it waited for)."""
    cpu, start = _cpu(), time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall, spent = time.perf_counter() - start, _cpu() - cpu
    if result.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed: {result.stderr.decode(errors='replace')[-500:]}")
    return wall, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="agreements to generate (default 1,000)")
    parser.add_argument("--runs", type=int, default=3, help="pairs to time (default 3)")
    options = parser.parse_args()
    isa_lint = str(Path(sys.executable).parent / "isa-lint")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "agreements"
        generate(folder, options.count)
        site = [isa_lint, "site", str(folder), "-o", str(Path(temporary) / "site"), "--today", TODAY]
        register = [isa_lint, "register", str(folder), "--format", "html", "--today", TODAY]
        measure(site)  # warm-up: the file cache, and Python's bytecode
        measure(register)
        sites, registers = [], []
        for _ in range(options.runs):
            sites.append(measure(site))
            registers.append(measure(register))
        pages = sum(1 for _ in (Path(temporary) / "site").rglob("*.html"))
    ratios = [s[1] / r[1] for s, r in zip(sites, registers, strict=True)]
    print(f"isa-lint site over {options.count:,} agreements ({pages:,} pages), {options.runs} runs, medians:")
    print(
        f"  site:     {statistics.median(s[0] for s in sites):6.2f} s wall  {statistics.median(s[1] for s in sites):6.2f} s CPU"
    )
    print(
        f"  register: {statistics.median(r[0] for r in registers):6.2f} s wall  {statistics.median(r[1] for r in registers):6.2f} s CPU"
    )
    print(
        f"  CPU ratio site / register: {statistics.median(ratios):.2f} (pairs: {', '.join(f'{r:.2f}' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
