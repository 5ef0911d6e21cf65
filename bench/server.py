"""The language server's speed: from an edit to its diagnostics, in a real session over stdio.

Run it from the repository with the server extra installed::

    .venv/bin/pip install -e '.[server]'
    .venv/bin/python bench/server.py            # 40 edits; prints the figures
    .venv/bin/python bench/server.py --edits 200

It copies the shipped agreements into a temporary workspace folder (so the checks across
files run too), starts ``isa-lint server`` as an editor does, opens the largest agreement of
about 300 lines or more, and then edits it again and again as someone typing would: each edit
inserts one character into the title, sends it as an incremental ``textDocument/didChange``
and waits for the ``textDocument/publishDiagnostics`` of that version. It reports the wall time from sending the change to receiving its diagnostics
(median, 90th percentile, worst), and the CPU seconds (user + sys, from /proc) the server
process spent per edit. Wall times depend on what else the machine runs, so the load average
is printed too; the CPU seconds do not.

The peer, in the same run: ``isa-lint lint FILE --no-cache`` on the same file as a whole
process, its CPU seconds from ``resource.getrusage`` (children), the command an editor
without the server would run on save. The ratio is the server's CPU per edit to that.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
"""Diagnostics within this many milliseconds of an edit (issue 17)."""
MIN_LINES = 300


def _pick(folder: Path) -> Path:
    """The agreement closest to 300 lines among those of at least 300 lines."""
    sized = [(len(p.read_text(encoding="utf-8").splitlines()), p) for p in sorted(folder.glob("*.yaml"))]
    return min((n, p) for n, p in sized if n >= MIN_LINES)[1]


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid() -> int:
    """The process id of the server this process started (its only child running isa_lint server)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"server" in cmdline:
            return int(entry)
    raise RuntimeError("the server process was not found")


async def _session(workspace: Path, path: Path, edits: int) -> tuple[list[float], float, int]:
    client = LanguageClient("bench", "1")
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    waiting: dict[int, asyncio.Future[None]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None and params.version in waiting:
            arrived[params.version] = time.perf_counter()
            counts[params.version] = len(params.diagnostics)
            waiting.pop(params.version).set_result(None)

    await client.start_io(sys.executable, "-m", "isa_lint", "server")
    pid = _server_pid()
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(workspace.as_uri(), "bench")],
        )
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    loop = asyncio.get_running_loop()
    waiting[1] = loop.create_future()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    await waiting[1]
    latencies = []
    row = text.split("\n").index(next(line for line in text.split("\n") if line.startswith("title: ")))
    typed = types.Range(types.Position(row, 7), types.Position(row, 7))
    cpu_before = _cpu_of(pid)
    for version in range(2, edits + 2):
        # what an editor sends as someone types: one character inserted into the title
        waiting[version] = loop.create_future()
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangePartial(range=typed, text="x")],
            )
        )
        await waiting[version]
        latencies.append((arrived[version] - sent) * 1000)
    cpu = (_cpu_of(pid) - cpu_before) / edits
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return latencies, cpu, counts[edits + 1]


def _peer_cpu(path: Path, runs: int) -> float:
    """Median CPU seconds of ``isa-lint lint FILE --no-cache`` as a whole process."""
    command = [str(Path(sys.executable).parent / "isa-lint"), "lint", str(path), "--no-cache"]
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, check=False, cwd=path.parent.parent)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--peer-runs", type=int, default=9)
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary) / "partnership"
        shutil.copytree(ROOT / "agreements", workspace / "agreements")
        path = _pick(workspace / "agreements")
        lines = len(path.read_text(encoding="utf-8").splitlines())
        latencies, server_cpu, findings = asyncio.run(_session(workspace, path, args.edits))
        peer = _peer_cpu(path, args.peer_runs)
    ordered = sorted(latencies)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    print(
        f"load average before and after: {load[0]:.1f}, {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors"
    )
    print(f"file: agreements/{path.name} ({lines} lines), {args.edits} edits, {findings} findings each")
    print(
        f"edit -> diagnostics: median {statistics.median(latencies):.1f} ms, "
        f"90th percentile {p90:.1f} ms, worst {ordered[-1]:.1f} ms (target {TARGET_MS:.0f} ms)"
    )
    print(f"server CPU per edit: {server_cpu:.4f} s")
    print(f"peer 'isa-lint lint FILE --no-cache' CPU per run: {peer:.4f} s (median of {args.peer_runs})")
    print(f"ratio server/peer: {server_cpu / peer:.2f}")
    return 0 if statistics.median(latencies) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
