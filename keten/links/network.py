"""The network around one record: the records a person may see that share identifiers with it,
the reason for every edge, and a layout (networkx) for a server-rendered SVG."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from keten.links.kinds import IdentifierKind
from keten.links.models import Identifier
from keten.links.records import Visibility, record_label, record_url

#: A component is cut off here: a larger one is shown in part, and the page says so.
MAX_RECORDS = 1000
#: Records sharing one identifier are all linked to each other up to this many; beyond, each is
#: linked to the earliest of them (a star), so that one busy identifier does not draw n² lines.
FULL_LINKS_UP_TO = 6

WIDTH = 800
HEIGHT = 600
MARGIN = 40


@dataclass
class Node:
    kind: str
    id: int
    on: date
    x: float = 0.0
    y: float = 0.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def label(self) -> str:
        return record_label(self.kind, self.id)

    @property
    def url(self) -> str:
        return record_url(self.kind, self.id)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass
class Edge:
    a: Node
    b: Node
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (kind, value shown)

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(IdentifierKind.choices)
        return [f"{labels[kind]}: {shown}" if shown else str(labels[kind]) for kind, shown in self.reasons]


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = False

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT


def build(
    visibility: Visibility,
    start: tuple[str, int],
    start_on: date,
    *,
    kinds: frozenset[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Network:
    """The connected records around ``start`` that the person may see, linked only through
    identifiers of ``kinds`` (all if None) they may see on both records, in the period."""
    known: dict[tuple[str, int], frozenset[str]] = dict(visibility.kinds_on([start]))
    if start not in known:
        return Network([], [])
    wanted = frozenset(IdentifierKind.values) if kinds is None else kinds
    # (kind, lookup) -> identifiers seen on records of the component
    groups: dict[tuple[str, str], list[Identifier]] = defaultdict(list)
    dates: dict[tuple[str, int], date] = {start: start_on}
    frontier = {start}
    truncated = False
    while frontier:
        lookups: set[tuple[str, str]] = set()
        for identifier in _identifiers(frontier, wanted, since, until):
            key = (identifier.record_kind, identifier.record_id)
            if key not in frontier or identifier.kind not in known[key]:
                continue
            groups[(identifier.kind, identifier.lookup)].append(identifier)
            lookups.add((identifier.kind, identifier.lookup))
        if not lookups:
            break
        candidates = Identifier.objects.filter(
            lookup__in={lookup for _, lookup in lookups}, kind__in={kind for kind, _ in lookups}
        ).only("pk", "kind", "lookup", "record_kind", "record_id", "record_date")
        if since is not None:
            candidates = candidates.filter(record_date__gte=since)
        if until is not None:
            candidates = candidates.filter(record_date__lte=until)
        found = [c for c in candidates if (c.kind, c.lookup) in lookups]
        unseen = {(c.record_kind, c.record_id) for c in found} - set(known)
        seen_now = visibility.kinds_on(unseen)
        known.update({key: seen_now.get(key, frozenset()) for key in unseen})
        next_frontier: set[tuple[str, int]] = set()
        for candidate in found:
            key = (candidate.record_kind, candidate.record_id)
            if key in dates or candidate.kind not in known[key]:
                continue
            if len(dates) >= MAX_RECORDS:
                truncated = True
                continue
            dates[key] = candidate.record_date
            next_frontier.add(key)
        frontier = next_frontier
    return _assemble(dates, groups, known, truncated)


def _identifiers(
    frontier: set[tuple[str, int]], wanted: frozenset[str], since: date | None, until: date | None
) -> Iterator[Identifier]:
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, record_id in frontier:
        by_kind[kind].append(record_id)
    for kind, ids in by_kind.items():
        rows = Identifier.objects.filter(record_kind=kind, record_id__in=ids, kind__in=wanted)
        if since is not None:
            rows = rows.filter(record_date__gte=since)
        if until is not None:
            rows = rows.filter(record_date__lte=until)
        yield from rows


def _assemble(
    dates: dict[tuple[str, int], date],
    groups: dict[tuple[str, str], list[Identifier]],
    known: dict[tuple[str, int], frozenset[str]],
    truncated: bool,
) -> Network:
    nodes = {key: Node(key[0], key[1], on) for key, on in dates.items()}
    # Every group member on the component, whatever record it was found from.
    members: dict[tuple[str, str], dict[tuple[str, int], Identifier]] = defaultdict(dict)
    for (kind, lookup), identifiers in groups.items():
        for identifier in identifiers:
            key = (identifier.record_kind, identifier.record_id)
            if key in nodes and kind in known.get(key, frozenset()):
                members[(kind, lookup)].setdefault(key, identifier)
    edges: dict[tuple[tuple[str, int], tuple[str, int]], Edge] = {}
    for (kind, _lookup), on_records in members.items():
        keys = sorted(on_records, key=lambda k: (nodes[k].on, k))
        if len(keys) < 2:
            continue
        shown = "" if kind == IdentifierKind.PERSON else on_records[keys[0]].value
        if len(keys) <= FULL_LINKS_UP_TO:
            pairs = list(itertools.combinations(keys, 2))
        else:
            pairs = [(keys[0], other) for other in keys[1:]]
        for a, b in pairs:
            edge = edges.setdefault((a, b), Edge(nodes[a], nodes[b]))
            if (kind, shown) not in edge.reasons:
                edge.reasons.append((kind, shown))
    ordered = sorted(nodes.values(), key=lambda node: (node.on, node.kind, node.id))
    _lay_out(ordered, list(edges.values()))
    return Network(ordered, list(edges.values()), truncated)


def _lay_out(nodes: list[Node], edges: list[Edge]) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(node.key for node in nodes)
    graph.add_edges_from((edge.a.key, edge.b.key) for edge in edges)
    if len(nodes) == 1:
        positions = {nodes[0].key: (0.0, 0.0)}
    else:
        positions = nx.spring_layout(graph, seed=19, iterations=50 if len(nodes) <= 200 else 30)
    xs = [float(x) for x, _ in positions.values()]
    ys = [float(y) for _, y in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    for node in nodes:
        x, y = positions[node.key]
        node.x = round(MARGIN + (float(x) - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1)
        node.y = round(MARGIN + (float(y) - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1)
