"""Data-flow maps: who provides which information to whom, drawn by Graphviz as SVG at build time.

Graphviz (the ``dot`` program, through the ``graphviz`` Python binding for quoting) lays out
directed graphs far better than a hand-made layout would, and its SVG needs no script to show.
Every graph of a build goes to one ``dot`` process (dot reads many graphs from one input and
writes one SVG document per graph), so a 1,000-agreement site starts dot once, not 1,000 times.

Text from agreements reaches dot only as quoted labels marked not-HTML, and node names are
generated (``p1``, ``p2``), so a name can neither become Graphviz markup nor end an SVG comment.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    """One ``dot`` run over many graphs, going on in the background until :func:`finish`."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.count = len(sources)
        self.result: subprocess.CompletedProcess[bytes] | None = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if not sources:
            return
        dot = shutil.which("dot")
        if dot is None:
            raise GraphvizMissing(
                "the data-flow maps need Graphviz's 'dot' program: install Graphviz "
                "(apt-get install graphviz, brew install graphviz, or see graphviz.org)"
            )
        data = "\n".join(sources).encode("utf-8")
        self.thread = threading.Thread(target=self._run, args=([dot, "-Tsvg"], data), daemon=True)
        self.thread.start()

    def _run(self, command: list[str], data: bytes) -> None:
        try:
            self.result = subprocess.run(command, input=data, capture_output=True, check=False, timeout=600)
        except (OSError, subprocess.SubprocessError) as error:
            self.error = error


def start(sources: Sequence[str]) -> Drawing:
    """Start drawing every graph in one ``dot`` process."""
    return Drawing(sources)


def finish(drawing: Drawing) -> list[str]:
    """SVG for each graph, in order; comments and the XML prologue removed."""
    if drawing.thread is None:
        return []
    drawing.thread.join()
    if drawing.error is not None or drawing.result is None:
        raise GraphvizFailed(f"Graphviz could not run: {drawing.error}")
    if drawing.result.returncode != 0:
        message = drawing.result.stderr.decode("utf-8", "replace").strip()[:500]
        raise GraphvizFailed(f"Graphviz failed: {message}")
    documents = _DOCUMENT.findall(drawing.result.stdout.decode("utf-8"))
    if len(documents) != drawing.count:
        raise GraphvizFailed(f"Graphviz drew {len(documents)} maps for {drawing.count} graphs")
    return [_COMMENT.sub("", document) for document in documents]


def labelled(svg: str, label_id: str) -> str:
    """The SVG as an image for assistive technology, named by the element ``label_id``."""
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" ', 1)
