"""Turning a flat, path-ordered list of materialised-path nodes into nested lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class TreeItem:
    node: Any
    children: list[TreeItem] = field(default_factory=list)


def nest(nodes: Iterable[Any]) -> list[TreeItem]:
    """Nodes must come ordered by path. A node whose parent is not in the list becomes a
    root, so a user's scope (which may start anywhere in the tree) nests correctly."""
    roots: list[TreeItem] = []
    stack: list[TreeItem] = []
    for node in nodes:
        item = TreeItem(node)
        while stack and not node.path.startswith(stack[-1].node.path):
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return roots
