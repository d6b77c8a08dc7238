#!/usr/bin/env python3
"""Fails, naming one cycle, if the components of tally/ include each other
in a circle.

A component is a header and its source file (tally/kinds/decision.h and
tally/kinds/decision.cc). Component A depends on B when A.h or A.cc
includes "B.h". A cycle between headers alone is what the preprocessor's
include guards hide; a cycle between components (spec.cc includes
decision.h while decision.cc includes spec.h) is what makes two files
impossible to understand, test or change one without the other, so that is
what this checks.

Usage: include_cycles.py TALLY_DIR   (the tally/ folder of the source tree)
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"(tally/[^"]+)\.h"', re.MULTILINE)


def read_graph(tally_dir):
    """Returns {component: {dependency: 'file that includes it'}}."""
    root = os.path.dirname(os.path.abspath(tally_dir))
    graph = {}
    for folder, _, files in os.walk(tally_dir):
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext not in (".h", ".cc"):
                continue
            path = os.path.join(folder, name)
            component = os.path.relpath(os.path.join(folder, stem), root)
            edges = graph.setdefault(component, {})
            with open(path, encoding="utf-8") as f:
                for included in INCLUDE.findall(f.read()):
                    if included != component:
                        edges.setdefault(included, os.path.relpath(path, root))
    return graph


def find_cycle(graph):
    """Returns one cycle as a list of components (first == last), or None."""
    state = {}  # component -> 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph.get(start, {})))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and nxt in graph:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    graph = read_graph(sys.argv[1])
    if not graph:
        print(f"no tally sources under {sys.argv[1]}", file=sys.stderr)
        return 2
    cycle = find_cycle(graph)
    if cycle is None:
        print(f"tally/: {len(graph)} components, no include cycle")
        return 0
    print("include cycle in tally/: " + " -> ".join(cycle), file=sys.stderr)
    for a, b in zip(cycle, cycle[1:]):
        print(f"  {graph[a][b]} includes \"{b}.h\"", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
