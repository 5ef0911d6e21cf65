"""Data-flow maps: who provides which information to whom, drawn by Graphviz as SVG at build time.

Graphviz (the ``dot`` program, through the ``graphviz`` Python binding for quoting) lays out
directed graphs far better than a hand-made layout would, and its SVG needs no script to show.
Every graph of a build goes to one ``dot`` process (dot reads many graphs from one input and
writes one SVG document per graph), so a 1,000-agreement site starts dot once, not 1,000 times.

Text from agreements reaches dot only as quoted labels marked not-HTML, and node names are
generated (``p1``, ``p2``), so a name can neither become Graphviz markup nor end an SVG comment.
"""

from __future__ import annotations

import itertools
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

import click

from isa_lint.check.findings import EXIT_ERROR

KIND_COLOURS = {
    "special_category": "#7b2a8f",
    "criminal_offence": "#b3261e",
    "both": "#1f3f9e",
    "personal": "#4d5661",
}
"""Edge colours by the most sensitive kind of information on the edge (all reach 4.5:1 on white)."""

KIND_WORDS = {
    "special_category": "special category data",
    "criminal_offence": "criminal offence data",
    "both": "special category and criminal offence data",
    "personal": "other personal data",
}


class GraphvizMissing(click.ClickException):
    """The ``dot`` program is not installed (exit 2, with what to install)."""

    exit_code = EXIT_ERROR


class GraphvizFailed(click.ClickException):
    """``dot`` failed or gave fewer maps than graphs (exit 2)."""

    exit_code = EXIT_ERROR


@dataclass
class Flow:
    """Information passed from one party (or organisation) to another."""

    source: str
    target: str
    data: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    agreements: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        special = "special_category" in self.kinds
        criminal = "criminal_offence" in self.kinds
        if special and criminal:
            return "both"
        return "special_category" if special else "criminal_offence" if criminal else "personal"


@dataclass
class FlowMap:
    """Nodes (display names, in order) and the flows between them."""

    nodes: list[str] = field(default_factory=list)
    flows: dict[tuple[str, str], Flow] = field(default_factory=dict)

    def add(self, source: str, target: str, data: str, kind: str, agreement: str = "") -> None:
        for name in (source, target):
            if name not in self.nodes:
                self.nodes.append(name)
        flow = self.flows.setdefault((source, target), Flow(source, target))
        if data and data not in flow.data:
            flow.data.append(data)
        flow.kinds.add(kind)
        if agreement and agreement not in flow.agreements:
            flow.agreements.append(agreement)

    def ordered(self) -> list[Flow]:
        return [self.flows[key] for key in sorted(self.flows)]


_LABEL_LIMIT = 40


def _short(text: str) -> str:
    """A label of at most ``_LABEL_LIMIT`` characters, backslashes doubled so dot shows them as written."""
    text = " ".join(text.split())
    text = text if len(text) <= _LABEL_LIMIT else text[: _LABEL_LIMIT - 1].rstrip() + "\u2026"
    return text.replace("\\", "\\\\")


def dot_source(flow_map: FlowMap, *, edge_labels: bool) -> str:
    """The DOT text of one map: left-to-right, parties as boxes, edges coloured by kind."""
    import graphviz

    graph = graphviz.Digraph("flows", graph_attr={"rankdir": "LR", "bgcolor": "white", "pad": "0.2"})
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#eef3f8", color="#0b2a4a")
    graph.attr("node", fontname="Helvetica", fontsize="12", fontcolor="#0b2a4a", margin="0.15,0.06")
    graph.attr("edge", fontname="Helvetica", fontsize="10", arrowsize="0.7")
    if len(flow_map.nodes) > 12:
        graph.attr(ranksep="1.4", nodesep="0.18")
    ids = {name: f"p{index}" for index, name in enumerate(flow_map.nodes, start=1)}
    for name in flow_map.nodes:
        graph.node(ids[name], label=graphviz.nohtml(_short(name)))
    for flow in flow_map.ordered():
        colour = KIND_COLOURS[flow.kind]
        attributes = {"color": colour, "fontcolor": colour}
        if edge_labels:
            shown = [_short(d) for d in flow.data[:3]]
            if len(flow.data) > 3:
                shown.append(f"and {len(flow.data) - 3} more")
            attributes["label"] = graphviz.nohtml("\\n".join(shown))
        else:
            attributes["penwidth"] = str(min(1 + len(flow.agreements) * 0.5, 5))
        graph.edge(ids[flow.source], ids[flow.target], **attributes)
    return str(graph.source)


_DOCUMENT = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


class Drawing:
    """One ``dot`` run over many graphs, drawing in the background until :func:`finish`.

    Each graph is handed to dot as soon as it is made, so dot lays out the first maps while
    the rest are still being made (it draws the graphs of its input one after another). A
    thread writes them to dot and two collect what it prints, so this thread never waits for
    dot's pipes.
    """

    def __init__(self, sources: Iterable[str]) -> None:
        self.count = 0
        self.error: BaseException | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.output: list[bytes] = []
        self.errors: list[bytes] = []
        self.threads: list[threading.Thread] = []
        graphs = iter(sources)
        first = next(graphs, None)
        if first is None:
            return
        dot = shutil.which("dot")
        if dot is None:
            raise GraphvizMissing(
                "the data-flow maps need Graphviz's 'dot' program: install Graphviz "
                "(apt-get install graphviz, brew install graphviz, or see graphviz.org)"
            )
        try:
            self.process = subprocess.Popen(
                [dot, "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as error:
            self.error = error
            return
        waiting: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._write, args=(self.process.stdin, waiting), daemon=True),
            threading.Thread(target=_collect, args=(self.process.stdout, self.output), daemon=True),
            threading.Thread(target=_collect, args=(self.process.stderr, self.errors), daemon=True),
        ]
        for thread in self.threads:
            thread.start()
        for source in itertools.chain([first], graphs):
            waiting.put(source.encode("utf-8") + b"\n")
            self.count += 1
        waiting.put(None)

    def _write(self, stream: IO[bytes], waiting: queue.SimpleQueue[bytes | None]) -> None:
        try:
            with stream:
                for data in iter(waiting.get, None):
                    stream.write(data)
        except OSError as error:  # dot stopped reading: it failed, and says why on stderr
            self.error = error


def _collect(stream: IO[bytes], into: list[bytes]) -> None:
    into.extend(iter(lambda: stream.read(1 << 16), b""))


def start(sources: Iterable[str]) -> Drawing:
    """Start drawing every graph in one ``dot`` process, handing it each as it is made."""
    return Drawing(sources)


def finish(drawing: Drawing) -> list[str]:
    """SVG for each graph, in order; comments and the XML prologue removed."""
    process = drawing.process
    if process is None:
        if drawing.error is not None:
            raise GraphvizFailed(f"Graphviz could not run: {drawing.error}")
        return []
    try:
        returncode = process.wait(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        raise GraphvizFailed("Graphviz took more than ten minutes") from None
    for thread in drawing.threads:
        thread.join()
    if returncode != 0 or drawing.error is not None:
        message = b"".join(drawing.errors).decode("utf-8", "replace").strip()[:500]
        raise GraphvizFailed(f"Graphviz failed: {message or drawing.error}")
    documents = _DOCUMENT.findall(b"".join(drawing.output).decode("utf-8"))
    if len(documents) != drawing.count:
        raise GraphvizFailed(f"Graphviz drew {len(documents)} maps for {drawing.count} graphs")
    return [_COMMENT.sub("", document) for document in documents]


def labelled(svg: str, label_id: str) -> str:
    """The SVG as an image for assistive technology, named by the element ``label_id``."""
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" ', 1)
