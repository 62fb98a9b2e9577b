"""The network around one record: the records a person may see that share identifiers with it,
the reason for every edge, and a layout (networkx) for a server-rendered SVG."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from django.db import connection

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


#: How many records the database walk may reach before visibility is applied (records the person
#: may not see can join parts of the walk; they are never shown and never walked through below).
MAX_REACHED = 20 * MAX_RECORDS

# Plain SQL that PostgreSQL and SQLite both run (``make run`` serves on SQLite): CAST, not ``::``,
# and one placeholder per kind instead of ``= ANY``. PostgreSQL wants the first row's types to be
# the column's exactly: varchar(16) is ``Identifier.record_kind``'s max_length.
_REACHABLE = """
WITH RECURSIVE reached(record_kind, record_id) AS (
    SELECT CAST(%s AS varchar(16)), CAST(%s AS bigint)
    UNION
    SELECT other.record_kind, other.record_id
    FROM reached
    JOIN links_identifier mine
      ON mine.record_kind = reached.record_kind AND mine.record_id = reached.record_id
     AND mine.kind IN ({kinds}) AND mine.record_date BETWEEN %s AND %s
    JOIN links_identifier other
      ON other.lookup = mine.lookup AND other.kind = mine.kind
     AND other.record_date BETWEEN %s AND %s
)
SELECT record_kind, record_id FROM reached LIMIT %s
"""


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
    identifiers of ``kinds`` (all if None) they may see on both records, in the period.

    The database walks every record reachable through shared identifiers in one recursive query;
    then only the records the person may see are kept, and the component is walked again, in
    memory, through those records alone: a record they may not see never connects two they may.
    """
    known = visibility.kinds_on([start])
    if start not in known:
        return Network([], [])
    wanted = sorted(IdentifierKind.values if kinds is None else kinds)
    low, high = since or date.min, until or date.max
    reached = {start}
    if wanted:
        with connection.cursor() as cursor:
            query = _REACHABLE.format(kinds=", ".join(["%s"] * len(wanted)))
            cursor.execute(query, [start[0], start[1], *wanted, low, high, low, high, MAX_REACHED + 1])
            reached = {(kind, int(record_id)) for kind, record_id in cursor.fetchall()}
    truncated = len(reached) > MAX_REACHED
    known.update(visibility.kinds_on(reached - {start}))
    rows: list[Identifier] = []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, record_id in known:
        by_kind[kind].append(record_id)
    for kind, ids in by_kind.items():
        rows.extend(
            Identifier.objects.filter(
                record_kind=kind, record_id__in=ids, kind__in=wanted, record_date__range=(low, high)
            )
        )
    rows = [row for row in rows if row.kind in known[(row.record_kind, row.record_id)]]
    groups: dict[tuple[str, str], list[Identifier]] = defaultdict(list)
    by_record: dict[tuple[str, int], list[Identifier]] = defaultdict(list)
    for row in rows:
        groups[(row.kind, row.lookup)].append(row)
        by_record[(row.record_kind, row.record_id)].append(row)
    # The walk through visible records only.
    dates: dict[tuple[str, int], date] = {start: start_on}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for row in by_record.get(key, []):
            for other in groups[(row.kind, row.lookup)]:
                other_key = (other.record_kind, other.record_id)
                if other_key in dates:
                    continue
                if len(dates) >= MAX_RECORDS:
                    truncated = True
                    continue
                dates[other_key] = other.record_date
                queue.append(other_key)
    return _assemble(dates, groups, known, truncated, start)


def _assemble(
    dates: dict[tuple[str, int], date],
    groups: dict[tuple[str, str], list[Identifier]],
    known: dict[tuple[str, int], frozenset[str]],
    truncated: bool,
    start: tuple[str, int],
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
    _lay_out(ordered, list(edges.values()), start)
    return Network(ordered, list(edges.values()), truncated)


#: Up to this many records the drawing is a force layout (networkx spring layout); beyond, the
#: records are set on rings by their distance from the record the view starts from (linear time).
SPRING_UP_TO = 150


def _lay_out(nodes: list[Node], edges: list[Edge], start: tuple[str, int]) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(node.key for node in nodes)
    graph.add_edges_from((edge.a.key, edge.b.key) for edge in edges)
    positions: dict[tuple[str, int], tuple[float, float]]
    if len(nodes) == 1:
        positions = {nodes[0].key: (0.0, 0.0)}
    elif len(nodes) <= SPRING_UP_TO:
        positions = {key: (float(x), float(y)) for key, (x, y) in nx.spring_layout(graph, seed=19).items()}
    else:
        positions = _rings(graph, start)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    for node in nodes:
        x, y = positions[node.key]
        node.x = round(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1)
        node.y = round(MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1)


def _rings(graph: nx.Graph, start: tuple[str, int]) -> dict[tuple[str, int], tuple[float, float]]:
    distance = nx.single_source_shortest_path_length(graph, start) if start in graph else {}
    layers: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key in graph.nodes:
        layers[distance.get(key, max(distance.values(), default=0) + 1)].append(key)
    positions: dict[tuple[str, int], tuple[float, float]] = {}
    for depth, keys in layers.items():
        for index, key in enumerate(sorted(keys)):
            angle = 2 * math.pi * (index + 0.5) / len(keys) + depth * 0.4
            positions[key] = (depth * math.cos(angle), depth * math.sin(angle))
    return positions
