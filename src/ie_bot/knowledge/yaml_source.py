"""Read YAML with enough position information to name the line of a bad field.

The file is read and parsed by ``files`` (regular files of bounded size and depth, libyaml
when available, duplicate keys refused); the node tree from that one parse is kept, and
walked only when a validation error needs its line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ie_bot.knowledge.files import FileRefused, YamlSyntaxError, parse_yaml, read_text

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge base, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.severity}: {self.message}"


class YamlDocument:
    """A parsed YAML file that remembers the node tree, for line numbers."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.data, self.node = parse_yaml(text)

    @classmethod
    def read(cls, path: Path) -> YamlDocument:
        """Read and parse a file; every failure is a ``KnowledgeProblems`` naming the line."""
        try:
            text = read_text(path)
        except (OSError, UnicodeDecodeError, FileRefused) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise KnowledgeProblems([Problem(path.name, None, "", f"cannot read: {reason}")]
                                    ) from None
        try:
            return cls(path, text)
        except YamlSyntaxError as exc:
            problem = Problem(path.name, exc.line, "", f"invalid YAML: {exc.problem}")
            raise KnowledgeProblems([problem]) from None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest node that ``loc`` (a pydantic error location) reaches."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def validate(self, model: type[M]) -> M:
        """Validate against ``model``; every error names file, line and field."""
        try:
            return model.model_validate(self.data if self.data is not None else {})
        except ValidationError as exc:
            problems = [
                Problem(
                    self.path.name,
                    self.line_of(err["loc"]),
                    ".".join(str(part) for part in err["loc"]),
                    err["msg"],
                )
                for err in exc.errors()
            ]
            raise KnowledgeProblems(problems) from None


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


class KnowledgeProblems(Exception):
    """Raised when the knowledge base cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
