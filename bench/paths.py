"""Do isa-lint's second paths still pay? Each against the path it stands in for, in CPU seconds.

    .venv/bin/python bench/paths.py             # 300 generated agreements, best of 5 rounds

Four jobs have a second, faster way of being done (docs/performance.md, "Second paths and
why they stay"); each is kept only while this script shows it pays:

* the schema check: ``load/fastschema.py``'s compiled predicate, asked first, against
  jsonschema's ``is_valid`` on every file (the same validator the loader falls back to);
* composing YAML: the loader's table-driven tag resolver (``FastSafeLoader``) against
  ruamel.yaml's own ``CSafeLoader`` on the same text;
* looking a name up in a template: the reports' environment reading a plain dict's key
  first (``reports/html.py``) against Jinja2's own lookup (attribute first), rendering the
  HTML summary (the body of a site's agreement page) of every agreement with each;
* hashing: importing ``isa_lint.run.digest`` against ``import hashlib``, each in a fresh
  interpreter that has already imported what every isa-lint process imports (:data:`PRELUDE`),
  less that interpreter's own cost: what the choice adds to every start;
* regular expressions: the patterns a one-file ``isa-lint lint`` compiles, made from the
  programs ``run/patterns.py`` kept against ``re.compile`` of each, each in a fresh
  interpreter as for hashing (the kept side pays for reading its store).

CPU is ``time.process_time`` within this process, and ``resource.getrusage`` of the children
for the imports; each figure is the best of ``--rounds`` rounds, both paths measured in the
same round, so the ratio compares like with like on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

PRELUDE = "import os, re, typing, isa_lint.run"
"""What any isa-lint process imports before it hashes, so each import is timed for what it adds."""


def cpu(job: Callable[[], Any]) -> float:
    start = time.process_time()
    job()
    return time.process_time() - start


def child_cpu(code: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = {sys.path!r}; {code}"], check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_file_patterns(folder: Path, agreement: Path) -> Path:
    """The patterns a one-file ``isa-lint lint`` compiles, listed in a file for the children."""
    listed = folder / "patterns.marshal"
    record = (
        "import marshal, re._compiler as compiler, sys\n"
        "names, original = [], compiler.compile\n"
        "def recorded(pattern, flags=0):\n"
        "    if isinstance(pattern, (str, bytes)) and (pattern, int(flags)) not in names:\n"
        "        names.append((pattern, int(flags)))\n"
        "    return original(pattern, flags)\n"
        "compiler.compile = recorded\n"
        "from isa_lint.cli import launch\n"
        f"launch._run_command(['lint', '--no-cache', {str(agreement)!r}])\n"
        f"open({str(listed)!r}, 'wb').write(marshal.dumps(names))\n"
    )
    subprocess.run([sys.executable, "-c", record], capture_output=True, check=True)
    return listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=300, help="agreements to generate (default 300)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best of each is kept (default 5)")
    options = parser.parse_args()

    import jinja2
    from ruamel.yaml.cyaml import CSafeLoader

    from isa_lint.load import document, structure
    from isa_lint.reports import html, summary
    from isa_lint.reports.common import Loaded

    temporary = tempfile.TemporaryDirectory()
    files = generate(Path(temporary.name), options.count)
    texts = [p.read_text(encoding="utf-8") for p in files]
    listed = one_file_patterns(Path(temporary.name), files[0])
    compile_all = f"import marshal, re; names = marshal.loads(open({str(listed)!r}, 'rb').read())\n"
    compile_all += "for pattern, flags in names: re.compile(pattern, flags)"
    datas = [document.load_text(text, "x.yaml").data for text in texts]
    fast, validator = structure._valid(), structure._validator()
    assert fast is not None
    valid = sum(1 for data in datas if fast(data))

    def compose(loader_class: Any) -> Callable[[], None]:
        def job() -> None:
            for text in texts:
                loader = loader_class(text)
                try:
                    loader.get_single_node()
                finally:
                    loader.dispose()

        return job

    models = [summary.build(Loaded("x.yaml", data, []), dt.date(2026, 6, 1)) for data in datas]
    reports, jinjas = html.environment(), html.environment().overlay()
    jinjas.getattr = functools.partial(jinja2.Environment.getattr, jinjas)  # type: ignore[method-assign]

    def summaries(env: jinja2.Environment) -> Callable[[], None]:
        def job() -> None:
            template = env.get_template("summary.html.j2")
            for model in models:
                context = {"overview": summary.overview(model), "lint_words": "", "shown": 0}
                template.render(model=model, style="", script=None, csp="", **context)

        return job

    summaries(reports)()  # compile both before timing, and check they write the same bytes
    summaries(jinjas)()
    sample = {"model": models[0], "overview": summary.overview(models[0]), "lint_words": "", "shown": 0}
    same = {
        env.get_template("summary.html.j2").render(style="", script=None, csp="", **sample)
        for env in (reports, jinjas)
    }
    assert len(same) == 1, "the two lookups gave different pages"

    figures: dict[str, list[float]] = {}
    for _ in range(options.rounds):
        rows = {
            "schema: fastschema first": cpu(lambda: [fast(d) for d in datas]),
            "schema: jsonschema on every file": cpu(lambda: [validator.is_valid(d) for d in datas]),
            "compose: FastSafeLoader": cpu(compose(document._fast_loader())),
            "compose: ruamel.yaml CSafeLoader": cpu(compose(CSafeLoader)),
            "templates: dict keys first": cpu(summaries(reports)),
            "templates: Jinja2's lookup": cpu(summaries(jinjas)),
            "import isa_lint.run.digest": child_cpu(f"{PRELUDE}; import isa_lint.run.digest"),
            "import hashlib": child_cpu(f"{PRELUDE}; import hashlib"),
            "patterns: kept programs": child_cpu(
                f"{PRELUDE}; from isa_lint.run import patterns\nwith patterns.kept():\n    "
                + compile_all.replace("\n", "\n    ")
            ),
            "patterns: re.compile": child_cpu(f"{PRELUDE}\n{compile_all}"),
            "interpreter alone": child_cpu(PRELUDE),
        }
        for name, value in rows.items():
            figures.setdefault(name, []).append(value)
    best = {name: min(values) for name, values in figures.items()}
    bare = best.pop("interpreter alone")
    print(
        f"{options.count} generated agreements ({valid} valid), best of {options.rounds} rounds, CPU seconds"
    )
    pairs = [
        ("schema: fastschema first", "schema: jsonschema on every file", options.count),
        ("compose: FastSafeLoader", "compose: ruamel.yaml CSafeLoader", options.count),
        ("templates: dict keys first", "templates: Jinja2's lookup", options.count),
        ("import isa_lint.run.digest", "import hashlib", 0),
        ("patterns: kept programs", "patterns: re.compile", 0),
    ]
    print("| second path | CPU | the path it stands in for | CPU | ratio |")
    print("|---|---:|---|---:|---:|")
    for mine, theirs, per in pairs:
        a, b = best[mine], best[theirs]
        if not per:  # imports: less the interpreter's own start
            a, b = max(a - bare, 0.0), max(b - bare, 0.0)
        unit = f" ({1000 * a / per:.2f} ms a file)" if per else ""
        other = f" ({1000 * b / per:.2f} ms a file)" if per else ""
        print(f"| {mine} | {a:.4f} s{unit} | {theirs} | {b:.4f} s{other} | {a / b if b else 0:.2f} |")
    temporary.cleanup()


if __name__ == "__main__":
    main()
