"""Read data files defensively: regular files only, of bounded size, parsed to bounded depth.

Knowledge files and student profiles come from people, editors and deploy scripts, so
anything can sit where a ``*.yml`` should be: a FIFO (``open`` would block forever), a
symlink to ``/dev/zero`` (``read`` would never end), a 5,000-level nesting (the pure YAML
composer and ``json`` recurse), an alias bomb (a few lines that expand to billions of
nodes once validated), or the same key twice (YAML keeps the last one silently). Each of
these is refused here with a sentence, so callers report it instead of hanging or crashing.

YAML is parsed once, with libyaml's ``CSafeLoader`` when PyYAML was built with it (about
15x faster than the pure-Python loader) and the pure ``SafeLoader`` otherwise. The parse
keeps the node tree, so a validation error can be located by line without parsing again;
nothing is computed for line numbers unless an error needs one.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 4 * 1024 * 1024
#: Deeper than any knowledge file or profile needs (the deepest is about 8 levels).
MAX_DEPTH = 40
#: Nodes after expanding aliases: far above the whole knowledge base (about 20,000).
MAX_NODES = 1_000_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FileRefused(Exception):
    """The file cannot be read as data; the message says why in a few words."""


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes``.

    Opened non-blocking, so a FIFO is refused instead of waiting for a writer; checked
    with ``fstat`` on the open descriptor (no race with a rename); read with a cap, so a
    file that grows, or lies about its size, still cannot exhaust memory.
    Raises ``OSError``, ``UnicodeDecodeError`` or ``FileRefused``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            raise FileRefused(f"larger than {max_bytes:,} bytes ({info.st_size:,})")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > max_bytes:
        raise FileRefused(f"larger than {max_bytes:,} bytes")
    return b"".join(chunks).decode("utf-8")


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, plus: duplicate keys are errors, bad scalars are located errors."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [(k.tag, k.value) for k, _ in node.value if type(k) is yaml.ScalarNode]
        if len(set(keys)) != len(keys):  # rare: find the first repeated key, for its line
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                key = (key_node.tag, key_node.value)
                if type(key_node) is yaml.ScalarNode and key in seen and \
                        key_node.tag != "tag:yaml.org,2002:merge":
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"duplicate key {key_node.value[:60]!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _located_scalar(construct: Any) -> Any:
    """A scalar constructor whose ValueError (2024-02-30, a 5,000-digit integer) names the
    value and its line instead of escaping as a bare traceback."""

    def wrapper(loader: _Loader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid value {str(node.value)[:40]!r}: {exc}",
                node.start_mark) from None

    return wrapper


for _tag in ("int", "float", "timestamp"):
    _full = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_full, _located_scalar(_BaseLoader.yaml_constructors[_full]))


def _check_shape(root: yaml.Node) -> None:
    """Refuse trees deeper than ``MAX_DEPTH`` or larger than ``MAX_NODES`` once aliases expand."""
    if not isinstance(root, (yaml.SequenceNode, yaml.MappingNode)):
        return
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    visited = 0
    sequence, mapping = yaml.SequenceNode, yaml.MappingNode
    while stack:  # only collections are pushed: scalars are counted, never visited
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _located(f"nested deeper than {MAX_DEPTH} levels", node)
        visited += len(node.value)
        if visited > MAX_NODES:
            raise _located(f"more than {MAX_NODES:,} values once aliases are expanded", node)
        children = (node.value if isinstance(node, sequence)
                    else [n for pair in node.value for n in pair])
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (sequence, mapping)))


class ShapeError(yaml.YAMLError):
    def __init__(self, problem: str, line: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def _located(problem: str, node: yaml.Node) -> ShapeError:
    return ShapeError(problem, node.start_mark.line + 1)


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of one YAML document; one parse for both.

    Raises ``YamlSyntaxError`` with a line (when known) for anything that is not data.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_shape(node)
        return loader.construct_document(node), node
    except ShapeError as exc:
        raise YamlSyntaxError(exc.problem, exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(getattr(exc, "problem", None) or str(exc), line) from None
    except RecursionError:  # the pure-Python composer, on deep nesting
        raise YamlSyntaxError("nested too deeply", None) from None
    finally:
        loader.dispose()


class YamlSyntaxError(ValueError):
    """Text that is not acceptable YAML data: the reason, and the line when known."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def parse_json(text: str) -> Any:
    """JSON data of bounded depth; ``ValueError`` (with ``lineno`` if known) otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(str(exc).split(";")[0]) from None
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    return data


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest
