#!/usr/bin/env python3
"""The crate's module import graph and its cycles.

    scripts/import-graph.py                  one line per module, `module -> deps`, then the cycles
    scripts/import-graph.py --why            the same, with the lines behind every edge of a cycle
    scripts/import-graph.py --dot            Graphviz (`| dot -Tsvg > imports.svg`), cycles in red
    scripts/import-graph.py --layers         the modules bottom first: layer 0 imports no crate module
    scripts/import-graph.py --include-tests  count `#[cfg(test)]` code and test-only modules too
    scripts/import-graph.py --no-facades     leave out a mod.rs's `pub use self::child::Item` re-exports

Exits 1 if the graph has a cycle (a strongly connected component of more than
one module), 0 otherwise. Standard library only; reads `src/` and never builds.

A module is a file under `src/`: `lib.rs` is the root `lib`, `foo.rs` or
`foo/mod.rs` is `foo`, `foo/bar.rs` is `foo::bar`. The tree of `mod`
declarations from lib.rs is followed first; a file no `mod` reaches yet (work
in progress) is still read, named by its path, with a warning on stderr.
Inline modules (`mod sealed { ... }`) belong to their file. An edge `a -> b`
means code in `a` names something defined in `b`:

- every `use` (grouped, nested, `pub`, `pub(crate)`, in function bodies), with
  `crate::`, `self::`, `super::` or a name in scope (a child module, another
  `use`) as its first segment, resolved relative to the (inline) module it is in;
- every path in code whose first segment is `crate`/`$crate`/`self`/`super`, a
  child module or a name a `use` brought in: `crate::kernels::matmul::matmul_into(..)`,
  `super::simd::prefetch(..)`, `kernels::dispatch::detected()`; also such a
  path in a string (`#[serde(into = "crate::record::NetworkRecord<F>")]`),
  but not in comments or doc comments.

A path resolves to the longest prefix that is a module, then through that
module's `use` declarations (`pub use crate::x::Y;` in lib.rs, `pub(crate) use
self::forward::dot;` in kernels/mod.rs) for as long as it can, so
`crate::Activation` is `activation` and `crate::kernels::dot` is
`kernels::forward`; an item it cannot follow further is an edge to the module
that names it (`kernels`). A `use` of a module itself (`use crate::kernels;`)
whose name the code then uses (`kernels::activate(..)`) counts through those
uses, not as an edge to the module's mod.rs. Paths into other crates
(`crate::ndarray` too) are not edges, nor is a module's use of itself. `mod`
declarations are not edges.

Code under `#[cfg(test)]` is skipped (a `mod tests { ... }` block or any other
item, by brace counting), and so are modules declared `#[cfg(test)] mod x;`:
tests may import anything. Other `cfg`s (features, targets) all count.
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

Path_ = tuple[str, ...]  # a module or item path, without `crate`

ROOT: Path_ = ()
IDENT = r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*"
VIS = r"(?:pub(?:\s*\([^()]*\))?\s+)?"


# ---------------------------------------------------------------- cleaning

RAW_STRING = re.compile(r'(?:b|c)?r(#*)"')


def clean(text: str) -> str:
    """`text` with comments and the contents of string and char literals as
    spaces (newlines kept, so offsets and line numbers stay), except that a
    `crate::a::b` inside a string stays: serde's `into = "crate::x::Y"`."""
    out: list[str] = []
    i, n = 0, len(text)

    def blank(s: str) -> str:
        return "".join("\n" if c == "\n" else " " for c in s)

    def blank_string_body(s: str) -> str:
        kept = blank(s)
        for m in re.finditer(r"\$?crate(?:::[A-Za-z_][A-Za-z0-9_]*)+", s):
            kept = kept[: m.start()] + m.group() + kept[m.end():]
        return kept

    while i < n:
        c = text[i]
        prev = text[i - 1] if i else " "
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(text[i:j]))
            i = j
        elif (m := RAW_STRING.match(text, i)) and not (
            prev.isalnum() or prev == "_"
        ):
            # raw string: r"..", r#".."#, br#".."#
            close = '"' + m.group(1)
            j = text.find(close, m.end())
            j = n if j < 0 else j
            out.append(text[i : m.end()] + blank_string_body(text[m.end() : j]) + close)
            i = j + len(close)
        elif c == '"' or (
            c in "bc" and text.startswith('"', i + 1) and not (prev.isalnum() or prev == "_")
        ):
            start = i + (1 if c == '"' else 2)
            j = start
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:start] + blank_string_body(text[start:j]) + '"')
            i = j + 1
        elif c == "'" or (c == "b" and text.startswith("'", i + 1) and not (prev.isalnum() or prev == "_")):
            q = i if c == "'" else i + 1
            if text.startswith("\\", q + 1):  # '\n', '\'', '\u{..}'
                j = q + 3
                while j < n and text[j] != "'":
                    j += 1
                out.append(text[i : q + 1] + blank(text[q + 1 : j]) + "'")
                i = j + 1
            elif q + 2 < n and text[q + 2] == "'":  # 'a', '{'
                out.append(text[i : q + 1] + " '")
                i = q + 3
            else:  # a lifetime or label: 'a, 'static
                out.append(text[i : q + 1])
                i = q + 1
        else:
            out.append(c)
            i += 1
    cleaned = "".join(out)
    assert len(cleaned) == len(text), "cleaning must keep offsets"
    return cleaned


def matching_brace(code: str, open_at: int) -> int:
    """The offset of the `}` that closes the `{` at `open_at` (or the end)."""
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def blank_range(code: str, start: int, end: int) -> str:
    return code[:start] + "".join("\n" if c == "\n" else " " for c in code[start:end]) + code[end:]


CFG_TEST = re.compile(r"#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]")
ATTRIBUTE = re.compile(r"\s*#\s*\[")
TEST_MOD_DECL = re.compile(rf"\s*{VIS}mod\s+({IDENT})\s*;")
TEST_MOD_BLOCK = re.compile(rf"\s*{VIS}mod\s+({IDENT})\s*\{{")


def skip_attributes(code: str, i: int) -> int:
    while m := ATTRIBUTE.match(code, i):
        depth, j = 0, m.end() - 1
        while j < len(code):
            if code[j] == "[":
                depth += 1
            elif code[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return i


def item_end(code: str, i: int) -> int:
    """The end of the item or statement starting at `i`: its `;`, `,` or the
    `}` closing its first `{` (at bracket depth 0), or an unmatched `}`."""
    depth = 0
    for j in range(i, len(code)):
        c = code[j]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in ";,":
            return j + 1
        elif depth == 0 and c == "{":
            return matching_brace(code, j) + 1
        elif c == "}" and depth == 0:
            return j  # the end of the enclosing block
    return len(code)


def strip_cfg_test(code: str) -> tuple[str, set[str]]:
    """`code` with every `#[cfg(test)]` item blanked out, and the names of the
    child modules declared `#[cfg(test)] mod x;` (test-only files)."""
    test_children: set[str] = set()
    pos = 0
    while m := CFG_TEST.search(code, pos):
        item = skip_attributes(code, m.end())
        if d := TEST_MOD_DECL.match(code, item):
            test_children.add(d.group(1).removeprefix("r#"))
            end = d.end()
        elif b := TEST_MOD_BLOCK.match(code, item):
            end = matching_brace(code, b.end() - 1) + 1
        else:
            end = item_end(code, item)
        code = blank_range(code, m.start(), end)
        pos = m.start() + 1
    return code, test_children


# ---------------------------------------------------------------- use trees


USE = re.compile(rf"(?<![\w$])({VIS})use\s+([^;]+);")
TOKEN = re.compile(rf"\s*(::|\$crate|{IDENT}|[{{}},*])")


def parse_use_tree(tree: str) -> list[tuple[Path_, str | None, bool]]:
    """`a::{b, c::D as E, f::*}` as (path, local name, glob) triples:
    (a,b) b, (a,c,D) E, (a,f) *. A leading `::` (an outer crate) gives no path."""
    tokens: list[str] = []
    pos = 0
    while pos < len(tree):
        m = TOKEN.match(tree, pos)
        if not m:
            if tree[pos:].strip():
                raise ValueError(f"cannot parse use tree: {tree!r}")
            break
        tokens.append(m.group(1))
        pos = m.end()
    out: list[tuple[Path_, str | None, bool]] = []
    k = 0

    def peek() -> str | None:
        return tokens[k] if k < len(tokens) else None

    def take() -> str:
        nonlocal k
        k += 1
        return tokens[k - 1]

    def tree_(prefix: Path_) -> None:
        path = list(prefix)
        if peek() == "::" and not path:
            take()
            path.append("::")  # `use ::outer_crate::..`
        while True:
            t = peek()
            if t == "{":
                take()
                while peek() not in ("}", None):
                    tree_(tuple(path))
                    if peek() == ",":
                        take()
                take()
                return
            if t == "*":
                take()
                out.append((tuple(path), None, True))
                return
            if t is None or t in ",}":
                return
            segment = take().removeprefix("r#")
            if segment == "self" and path:  # `a::{self, ..}` is `a`
                pass
            else:
                path.append(segment)
            if peek() == "::":
                take()
                continue
            local = path[-1] if path else None
            if peek() == "as":
                take()
                local = take().removeprefix("r#")
                local = None if local == "_" else local
            out.append((tuple(path), local, False))
            return

    while peek() is not None:
        tree_(())
        if peek() == ",":
            take()
    return out


CODE_PATH = re.compile(rf"(?<![\w:$])(\$crate|{IDENT})((?:\s*::\s*{IDENT})+)")
INLINE_MOD = re.compile(rf"(?<![\w$])mod\s+({IDENT})\s*\{{")
MOD_DECL = re.compile(rf"(?<![\w$])mod\s+({IDENT})\s*;")


# ---------------------------------------------------------------- the crate


@dataclass
class Use:
    scope: Path_  # the (inline) module it is in
    path: Path_  # as written
    local: str | None
    glob: bool
    item_level: bool  # a module item, not in a function body
    public: bool  # `pub use`, `pub(crate) use`: a re-export
    line: int
    text: str


@dataclass
class Reference:
    scope: Path_
    path: Path_
    line: int
    text: str


@dataclass
class FileModule:
    path: Path_
    file: Path
    uses: list[Use] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def name(module: Path_) -> str:
    return "::".join(module) if module else "lib"


class Crate:
    def __init__(self, src: Path, include_tests: bool):
        self.src = src
        self.include_tests = include_tests
        self.files: dict[Path_, FileModule] = {}
        self.inline: dict[Path_, Path_] = {}  # inline module -> its file module
        self.children: dict[Path_, set[str]] = {}
        self.test_only: set[Path] = set()  # files and directories of #[cfg(test)] modules
        self.warnings: list[str] = []
        self.load(ROOT, src / "lib.rs", src)
        # Files no `mod` reaches (work in progress, usually) are modules too,
        # named after their path; test-only ones stay out, and so do other
        # crate roots (main.rs, bin/).
        for f in sorted(src.rglob("*.rs"), key=lambda f: (len(f.parts), f)):
            relative = f.relative_to(src)
            if relative.parts[0] == "bin" or str(relative) == "main.rs":
                continue
            if any(t == f.resolve() or t in f.resolve().parents for t in self.test_only):
                continue
            if any(m.file.resolve() == f.resolve() for m in self.files.values()):
                continue
            parts = relative.with_suffix("").parts
            module = parts[:-1] if parts[-1] == "mod" else parts
            if module in self.files:
                continue
            self.warnings.append(f"{f.relative_to(src.parent)} is not declared by any `mod`: read as `{name(module)}`")
            for i in range(len(module)):
                self.children.setdefault(module[:i], set()).add(module[i])
            self.load(module, f, f.parent)

    # -- reading

    def load(self, module: Path_, file: Path, directory: Path) -> None:
        """Read `file` as `module`; `directory` holds its child module files."""
        if module in self.files:
            return
        text = file.read_text(encoding="utf-8")
        code = clean(text)
        if re.search(r"#\s*!\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]", code) and not self.include_tests:
            self.test_only.add(file.resolve())
            self.test_only.add((file.parent if file.name == "mod.rs" else file.with_suffix("")).resolve())
            return
        test_children: set[str] = set()
        if not self.include_tests:
            code, test_children = strip_cfg_test(code)
        fm = FileModule(module, file)
        self.files[module] = fm
        self.children.setdefault(module, set())
        lines = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

        def line_of(pos: int) -> int:
            return bisect.bisect_right(lines, pos)

        def source_line(pos: int) -> str:
            ln = line_of(pos)
            end = lines[ln] - 1 if ln < len(lines) else len(text)
            return text[lines[ln - 1] : end].strip()

        # brace depth before each offset
        depth = [0] * (len(code) + 1)
        d = 0
        for i, c in enumerate(code):
            depth[i] = d
            if c == "{":
                d += 1
            elif c == "}":
                d -= 1
        depth[len(code)] = d

        # inline modules: (open brace, close brace, name)
        spans: list[tuple[int, int, str]] = []
        for m in INLINE_MOD.finditer(code):
            open_at = m.end() - 1
            spans.append((open_at, matching_brace(code, open_at), m.group(1).removeprefix("r#")))

        def scope_at(pos: int) -> tuple[Path_, int]:
            """The (inline) module at `pos`, and the brace depth of its items."""
            scope, base = module, 0
            for open_at, close_at, inner in spans:  # in source order: outer first
                if open_at < pos < close_at:
                    scope, base = scope + (inner,), depth[open_at] + 1
            return scope, base

        for open_at, _, inner in spans:
            scope, _ = scope_at(open_at)
            self.inline[scope + (inner,)] = module
            self.children.setdefault(scope, set()).add(inner)
            self.children.setdefault(scope + (inner,), set())

        # use declarations, then blank them so that their paths are not read again as code
        for m in USE.finditer(code):
            scope, base = scope_at(m.start())
            try:
                trees = parse_use_tree(m.group(2))
            except ValueError as e:
                self.warnings.append(f"{file}:{line_of(m.start())}: {e}")
                continue
            for path, local, glob in trees:
                if path and path[0] == "::":
                    continue
                fm.uses.append(
                    Use(
                        scope,
                        path,
                        local,
                        glob,
                        depth[m.start()] == base,
                        bool(m.group(1).strip()),
                        line_of(m.start()),
                        source_line(m.start()),
                    )
                )
        for m in USE.finditer(code):
            code = blank_range(code, m.start(), m.end())

        # child module files
        if file.name in ("lib.rs", "mod.rs"):
            child_dir = directory
        else:
            child_dir = directory / file.stem
        declared: list[tuple[Path_, str]] = []
        for m in MOD_DECL.finditer(code):
            scope, _ = scope_at(m.start())
            declared.append((scope, m.group(1).removeprefix("r#")))
        for child in test_children:
            self.test_only |= {(child_dir / f"{child}.rs").resolve(), (child_dir / child).resolve()}
        for scope, child in declared:
            sub = child_dir.joinpath(*scope[len(module) :])
            flat, nested = sub / f"{child}.rs", sub / child / "mod.rs"
            if flat.exists() and nested.exists():
                self.warnings.append(f"both {flat} and {nested} exist: reading {flat}")
            target = flat if flat.exists() else nested
            if not target.exists():
                self.warnings.append(f"{file}: `mod {child};` but neither {flat} nor {nested} exists")
                continue
            self.children.setdefault(scope, set()).add(child)
            self.load(scope + (child,), target, sub if target == flat else sub / child)

        # paths in code
        for m in CODE_PATH.finditer(code):
            segments = (m.group(1),) + tuple(
                s.removeprefix("r#") for s in re.findall(IDENT, m.group(2))
            )
            scope, _ = scope_at(m.start())
            fm.references.append(Reference(scope, segments, line_of(m.start()), source_line(m.start())))

    # -- resolving

    def is_module(self, path: Path_) -> bool:
        return path in self.files or path in self.inline

    def file_of(self, module: Path_) -> Path_:
        return module if module in self.files else self.inline[module]

    def aliases(self, scope: Path_) -> dict[str, Use]:
        out: dict[str, Use] = {}
        for u in self.files[self.file_of(scope)].uses:
            if u.scope == scope and u.local is not None:
                out.setdefault(u.local, u)
        return out

    def absolute(self, path: Path_, scope: Path_, seen: frozenset = frozenset()) -> Path_ | None:
        """`path`, as written in `scope`, from the crate root; None if outside the crate."""
        if not path:
            return None
        head = path[0]
        if head in ("crate", "$crate"):
            return path[1:]
        if head == "self":
            return scope + path[1:]
        if head == "super":
            here, rest = scope, path
            while rest and rest[0] == "super":
                if not here:
                    return None
                here, rest = here[:-1], rest[1:]
            return here + rest
        if head in self.children.get(scope, ()):
            return scope + path
        alias = self.aliases(scope).get(head)
        if alias is not None and id(alias) not in seen:
            base = self.absolute(alias.path, alias.scope, seen | {id(alias)})
            return None if base is None else base + path[1:]
        return None  # another crate, a type, a local name

    def resolve(self, path: Path_, hops: int = 0) -> Path_ | None:
        """The file module that defines what the absolute `path` names."""
        k = len(path)
        while k > 0 and not self.is_module(path[:k]):
            k -= 1
        module, rest = path[:k], path[k:]
        if rest and hops < 32:
            uses = [u for u in self.files[self.file_of(module)].uses if u.scope == module and u.item_level]
            for u in uses:
                if not u.glob and u.local == rest[0]:
                    target = self.absolute(u.path, u.scope)
                    if target is None:
                        return None  # a re-exported outer crate: `crate::ndarray`
                    return self.resolve(target + rest[1:], hops + 1)
            for u in uses:
                if u.glob:
                    base = self.absolute(u.path, u.scope)
                    if base is None or not self.is_module(base):
                        continue
                    if rest[0] in self.children.get(base, ()) or any(
                        v.local == rest[0] and v.scope == base and v.item_level
                        for v in self.files[self.file_of(base)].uses
                    ):
                        return self.resolve(base + rest, hops + 1)
        return self.file_of(module)

    def graph(self, facades: bool = True) -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
        """The edges, and the source lines behind each. Without `facades`, a
        module's re-exports of its own submodules (`pub use self::digits::digits;`
        in datasets/mod.rs) are not edges."""
        edges: dict[str, set[str]] = {name(m): set() for m in self.files}
        why: dict[tuple[str, str], list[str]] = {}
        for module, fm in self.files.items():
            here = name(module)
            where = str(fm.file.relative_to(self.src.parent))
            # A `use` of a module itself (`use crate::kernels;`, `{self, ..}`)
            # whose name the code then uses (`kernels::activate(..)`) is an
            # edge to wherever those paths lead, not to the module's mod.rs.
            heads = {(r.scope, r.path[0]) for r in fm.references}
            found = [
                (u.path, u.scope, u.line, u.text, u.public and u.item_level)
                for u in fm.uses
                if u.glob
                or u.local is None
                or (u.scope, u.local) not in heads
                or not self.is_module(self.absolute(u.path, u.scope) or ROOT)
            ] + [(r.path, r.scope, r.line, r.text, False) for r in fm.references]
            for path, scope, line, text, reexport in found:
                head = path[0]
                if head not in ("crate", "$crate", "self", "super"):
                    if head not in self.children.get(scope, ()) and head not in self.aliases(scope):
                        continue
                absolute = self.absolute(path, scope)
                if absolute is None:
                    continue
                target = self.resolve(absolute)
                if target is None or target == module:
                    continue
                if reexport and not facades and target[: len(module)] == module:
                    continue
                there = name(target)
                edges[here].add(there)
                evidence = f"{where}:{line}: {text}"
                lines = why.setdefault((here, there), [])
                if evidence not in lines:
                    lines.append(evidence)
        return edges, why


# ---------------------------------------------------------------- graphs


def tarjan(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components, each sorted, in reverse topological
    order (a component comes after every component it imports from)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    out.append(sorted(component))
    return out


def shortest_cycle(start: str, members: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through `start` inside `members`, as [start, .., start]."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for w in sorted(edges[v] & members):
            if w == start:
                walk = [v]
                while walk[-1] != start:
                    walk.append(previous[walk[-1]])
                return walk[::-1] + [start]
            if w not in previous:
                previous[w] = v
                queue.append(w)
    return [start]


def short_cycles(component: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """A shortest cycle through each module of the component, without repeats:
    the loops to cut, smallest first."""
    members = set(component)
    seen: set[tuple[str, ...]] = set()
    out: list[list[str]] = []
    for m in component:
        cycle = shortest_cycle(m, members, edges)[:-1]
        k = cycle.index(min(cycle))
        canonical = tuple(cycle[k:] + cycle[:k])
        if canonical not in seen:
            seen.add(canonical)
            out.append(list(canonical) + [canonical[0]])
    return sorted(out, key=lambda c: (len(c), c))


def layers(edges: dict[str, set[str]], components: list[list[str]]) -> list[list[list[str]]]:
    of = {m: i for i, c in enumerate(components) for m in c}
    level: dict[int, int] = {}
    for i, c in enumerate(components):  # dependencies first (reverse topological)
        deps = {of[w] for m in c for w in edges[m]} - {i}
        level[i] = 1 + max((level[j] for j in deps), default=-1)
    out: list[list[list[str]]] = [[] for _ in range(1 + max(level.values(), default=-1))]
    for i, c in enumerate(components):
        out[level[i]].append(c)
    return [sorted(layer) for layer in out]


def dot(edges: dict[str, set[str]], cycles: list[list[str]]) -> str:
    in_cycle = {m: k for k, c in enumerate(cycles) for m in c}
    out = [
        "digraph imports {",
        "  // an edge points from the importing module to the imported one; base types at the bottom",
        '  graph [rankdir=TB, fontname="Helvetica"];',
        '  node [shape=box, fontname="Helvetica", fontsize=10];',
        "  edge [color=gray40];",
    ]
    for m in sorted(edges):
        style = ', style=filled, fillcolor="#ffd8d8", color=red' if m in in_cycle else ""
        out.append(f'  "{m}" [label="{m}"{style}];')
    for m in sorted(edges):
        for w in sorted(edges[m]):
            red = m in in_cycle and in_cycle.get(w) == in_cycle[m]
            out.append(f'  "{m}" -> "{w}"' + (" [color=red, penwidth=2];" if red else ";"))
    out.append("}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dot", action="store_true", help="print Graphviz instead")
    mode.add_argument("--layers", action="store_true", help="print the modules bottom first")
    parser.add_argument("--why", action="store_true", help="show the source lines behind every edge in a cycle")
    parser.add_argument(
        "--no-facades",
        action="store_true",
        help="leave out a module's re-exports of its own submodules (pub use self::x::Y in a mod.rs)",
    )
    parser.add_argument("--include-tests", action="store_true", help="count #[cfg(test)] code and test-only modules")
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    args = parser.parse_args()

    crate = Crate(args.src, args.include_tests)
    for warning in crate.warnings:
        print(f"import-graph: warning: {warning}", file=sys.stderr)
    edges, why = crate.graph(facades=not args.no_facades)
    components = tarjan(edges)
    cycles = sorted((c for c in components if len(c) > 1), key=lambda c: (-len(c), c))

    def arrow(c: list[str]) -> str:
        return " ↔ ".join(c)

    if args.dot:
        print(dot(edges, cycles))
    elif args.layers:
        for k, layer in enumerate(layers(edges, components)):
            print(f"{k}: " + ", ".join(m[0] if len(m) == 1 else "{" + arrow(m) + "}" for m in layer))
    else:
        for m in sorted(edges):
            print(f"{m} -> " + ", ".join(sorted(edges[m])) if edges[m] else f"{m} ->")
        if not cycles:
            print("cycles: none")
        else:
            print(f"cycles: {len(cycles)}")
            for c in cycles:
                print(f"  {arrow(c)}")
                loops = short_cycles(c, edges)
                if len(c) > 2:
                    for loop in loops:
                        print(f"      {' -> '.join(loop)}")
                if args.why:
                    for m in c:
                        for w in sorted(edges[m] & set(c)):
                            evidence = why[(m, w)]
                            for line in evidence[:2]:
                                print(f"        {m} -> {w}: {line}")
                            if len(evidence) > 2:
                                print(f"        {m} -> {w}: (+{len(evidence) - 2} more)")
    if cycles and (args.dot or args.layers):
        print(f"import-graph: {len(cycles)} cycle(s): " + "; ".join(arrow(c) for c in cycles), file=sys.stderr)
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
