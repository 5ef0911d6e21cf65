"""Data-flow maps: who provides which information to whom, drawn by Graphviz as SVG at build time.

Graphviz (the ``dot`` program, through the ``graphviz`` Python binding for quoting) lays out
directed graphs far better than a hand-made layout would, and its SVG needs no script to show.
Every agreement's map goes to one ``dot`` process (dot reads many graphs from one input and
writes one SVG document per graph), so a 1,000-agreement site starts dot twice (the register's
map, made once every file is linted, has a run of its own), not 1,001 times.

Text from agreements reaches dot only as quoted labels marked not-HTML, and node names are
generated (``p1``, ``p2``), so a name can neither become Graphviz markup nor end an SVG comment.
"""

from __future__ import annotations

import functools
import queue
import re
import shutil
import subprocess
import threading
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

_EDGE_COLOURS = {kind: f'color="{colour}" fontcolor="{colour}"' for kind, colour in KIND_COLOURS.items()}
"""Each kind's edge attributes, as DOT text."""

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


@functools.cache
def _head(spread: bool) -> str:
    """The DOT text of a map before its nodes, the same for every map: left-to-right, parties
    as boxes (``spread``: more room between ranks and less between nodes, for a crowded map)."""
    import graphviz

    graph = graphviz.Digraph("flows", graph_attr={"rankdir": "LR", "bgcolor": "white", "pad": "0.2"})
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="#eef3f8", color="#0b2a4a")
    graph.attr("node", fontname="Helvetica", fontsize="12", fontcolor="#0b2a4a", margin="0.15,0.06")
    graph.attr("edge", fontname="Helvetica", fontsize="10", arrowsize="0.7")
    if spread:
        graph.attr(ranksep="1.4", nodesep="0.18")
    return str(graph.source).removesuffix("}\n")


def dot_source(flow_map: FlowMap, *, edge_labels: bool) -> str:
    """The DOT text of one map, edges coloured by kind: the text graphviz's Digraph writes,
    put together here line by line, graphviz quoting each label (a Digraph quoted every
    attribute of every statement again: 0.7 s of CPU for a site's 1,000 maps, 0.3 s here)."""
    from graphviz import nohtml
    from graphviz.quoting import quote

    lines = [_head(len(flow_map.nodes) > 12)]
    ids = {name: f"p{index}" for index, name in enumerate(flow_map.nodes, start=1)}
    lines += [f"\t{ids[name]} [label={quote(nohtml(_short(name)))}]\n" for name in flow_map.nodes]
    for flow in flow_map.ordered():
        edge = f"\t{ids[flow.source]} -> {ids[flow.target]} ["
        if edge_labels:
            shown = [_short(d) for d in flow.data[:3]]
            if len(flow.data) > 3:
                shown.append(f"and {len(flow.data) - 3} more")
            label = quote(nohtml("\\n".join(shown)))
            lines.append(f"{edge}label={label} {_EDGE_COLOURS[flow.kind]}]\n")
        else:
            width = quote(str(min(1 + len(flow.agreements) * 0.5, 5)))
            lines.append(f"{edge}{_EDGE_COLOURS[flow.kind]} penwidth={width}]\n")
    lines.append("}\n")
    return "".join(lines)


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


class Drawing:
    """One ``dot`` run over many graphs, drawing in the background until :meth:`finish`.

    Each graph is handed to dot as soon as it is made (:meth:`add`), so dot lays out the first
    maps while the rest are still being made (it draws the graphs of its input one after
    another). dot starts with the first graph: a build without maps does not need it. A
    thread writes the graphs to dot and two collect what it prints, so this thread never
    waits for dot's pipes.
    """

    def __init__(self) -> None:
        self.count = 0
        self.error: BaseException | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.output: list[bytes] = []
        self.errors: list[bytes] = []
        self.threads: list[threading.Thread] = []
        self.waiting: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def add(self, source: str) -> None:
        """Hand dot one graph's DOT text (raises :class:`GraphvizMissing` without dot)."""
        if self.count == 0:
            self._start()
        self.waiting.put(source.encode("utf-8") + b"\n")
        self.count += 1

    def _start(self) -> None:
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
        self.threads = [
            threading.Thread(target=self._write, args=(self.process.stdin,), daemon=True),
            threading.Thread(target=_collect, args=(self.process.stdout, self.output), daemon=True),
            threading.Thread(target=_collect, args=(self.process.stderr, self.errors), daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _write(self, stream: IO[bytes]) -> None:
        try:
            with stream:
                for data in iter(self.waiting.get, None):
                    stream.write(data)
        except OSError as error:  # dot stopped reading: it failed, and says why on stderr
            self.error = error

    def finish(self) -> list[str]:
        """SVG for each graph added, in order; comments and the XML prologue removed."""
        self.waiting.put(None)
        process = self.process
        if process is None:
            if self.error is not None:
                raise GraphvizFailed(f"Graphviz could not run: {self.error}")
            return []
        try:
            returncode = process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            raise GraphvizFailed("Graphviz took more than ten minutes") from None
        for thread in self.threads:
            thread.join()
        if returncode != 0 or self.error is not None:
            message = b"".join(self.errors).decode("utf-8", "replace").strip()[:500]
            raise GraphvizFailed(f"Graphviz failed: {message or self.error}")
        documents = _documents(b"".join(self.output).decode("utf-8"))
        if len(documents) != self.count:
            raise GraphvizFailed(f"Graphviz drew {len(documents)} maps for {self.count} graphs")
        return [_COMMENT.sub("", document) for document in documents]


def _documents(text: str) -> list[str]:
    """Each ``<svg>`` document in dot's output, found with ``str.find`` (a regular expression
    took 0.15 s over the 9 MB of a site's 1,000 maps, after every file is linted)."""
    found = []
    start = text.find("<svg")
    while start != -1:
        end = text.find("</svg>", start)
        if end == -1:
            break
        found.append(text[start : end + len("</svg>")])
        start = text.find("<svg", end)
    return found


def _collect(stream: IO[bytes], into: list[bytes]) -> None:
    into.extend(iter(lambda: stream.read(1 << 16), b""))


def labelled(svg: str, label_id: str) -> str:
    """The SVG as an image for assistive technology, named by the element ``label_id``."""
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" ', 1)
