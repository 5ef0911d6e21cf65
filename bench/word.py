"""Benchmark of ``isa-lint import``: a 30-page Word agreement, against python-docx opening it.

    .venv/bin/python bench/word.py

It exports the shipped Northshire MASH agreement with its data categories and retention
entries repeated until the PDF of it is at least 30 A4 pages (without WeasyPrint: twice),
then times, in CPU seconds (user + system from ``resource.getrusage``, this process and its
children), the median of five runs each of:

* ``isa-lint import`` as a whole process (interpreter, imports, checks, mapping, writing);
* the import in this process (reading with every safety check, mapping, YAML text);
* the peer: ``python-docx`` only opening the same file (``docx.Document(path)``), the least
  any importer built on it must do.
"""

from __future__ import annotations

import copy
import io
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(job: Any) -> float:
    times = []
    for _ in range(RUNS):
        start = cpu()
        job()
        times.append(cpu() - start)
    return statistics.median(times)


def agreement(copies: int) -> dict[str, Any]:
    from isa_lint.load.document import load_path

    data = load_path(ROOT / "agreements" / "northshire-mash.yaml").data
    extra_data, extra_retention = [], []
    for number in range(2, copies + 1):
        for category in data["data"]:
            twin = copy.deepcopy(category)
            twin["id"] = f"{category['id']}-{number}"
            extra_data.append(twin)
        for entry in data["retention"]:
            twin = copy.deepcopy(entry)
            twin["data"] = f"{entry['data']}-{number}"
            extra_retention.append(twin)
    data["data"] += extra_data
    data["retention"] += extra_retention
    return data


def pages(data: dict[str, Any]) -> int | None:
    """The number of A4 pages of the agreement's PDF, or None without WeasyPrint."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        return None
    from isa_lint.word import pdf_writer
    from isa_lint.word.model import build

    return len(HTML(string=pdf_writer.html(build(data))).render().pages)


def main() -> None:
    import docx

    from isa_lint.word import docx_writer
    from isa_lint.word.importer import import_blocks
    from isa_lint.word.model import build
    from isa_lint.word.reader import read_blocks

    copies, page_count = 2, None
    for copies in range(2, 6):
        page_count = pages(agreement(copies))
        if page_count is None or page_count >= 30:
            break
    data = agreement(copies)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agreement.docx"
        path.write_bytes(docx_writer.render(build(data)))
        result = import_blocks(read_blocks(str(path)))
        out = Path(folder) / "out"
        out.mkdir()

        def whole() -> None:
            for old in out.iterdir():
                old.unlink()
            subprocess.run(
                [str(Path(sys.executable).parent / "isa-lint"), "import", str(path), "-o", str(out)],
                check=True,
                capture_output=True,
            )

        command = timed(whole)
        own = timed(lambda: import_blocks(read_blocks(str(path))))
        peer = timed(lambda: docx.Document(io.BytesIO(path.read_bytes())))
        size = path.stat().st_size
    print(
        f"document: {page_count or '?'} A4 pages in PDF, {size // 1024} KB, {result.account.units} paragraphs and cells"
    )
    print(f"isa-lint import (whole process):        {command:.3f} CPU s (median of {RUNS})")
    print(f"import in process (read, check, map):   {own:.3f} CPU s")
    print(f"peer: python-docx opening the file:     {peer:.3f} CPU s")
    print(f"ratio import / python-docx open:        {own / peer:.1f}")


if __name__ == "__main__":
    main()
