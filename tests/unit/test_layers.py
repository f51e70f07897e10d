"""The house rules read from the source: pages and commands write only through actions; no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "indicators"
# The store's and the accounts' plain writes: only indicators.actions may call them (and the store's own bootstrap).
WRITES = {"indicators.store.batches": {"insert_batch", "mark_rolled_back"},
          "indicators.store.catalog_sync": {"insert_indicator", "insert_alias", "update_indicator", "delete_indicator",
                                            "delete_alias", "touch", "sync_catalog"},
          "indicators.store.merges": {"record_merge", "close_merge"},
          "indicators.auth.users": {"insert_user", "update_password", "update_role", "update_disabled",
                                    "delete_user"},
          "indicators.store.audit": {"log"},
          "indicators.store.db": {"transaction"}}
ADAPTERS = [*sorted((SRC / "web").glob("*.py")), *sorted((SRC / "cli").glob("*.py")),
            *sorted((REPO / "pages").glob("*.py"))]


def module_name(path: Path) -> str:
    """indicators.web.session for src/indicators/web/session.py."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) of every import in a file, relative imports resolved; name None for `import x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path.is_relative_to(SRC):
        package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    else:
        package = "pages"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out += [(base, a.name) for a in node.names]
    return out


@pytest.mark.parametrize("path", ADAPTERS, ids=lambda p: str(p.relative_to(REPO)))
def test_pages_and_commands_write_only_through_actions(path):
    found = []
    for module, name in imports(path):
        if name in WRITES.get(module, set()):
            found.append(f"{module}.{name}")
        if name and f"{module}.{name}" in WRITES and name != "db":
            found.append(f"{module}.{name} (module)")
    text = path.read_text(encoding="utf-8")
    found += [call for call in ("audit.log(", "transaction(") if call in text]
    assert not found, f"{path.name} writes without an action: {found}"


def _graph() -> dict[str, set[str]]:
    mods = {module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        for target, name in imports(path):
            for candidate in (f"{target}.{name}" if name else None, target):
                if candidate in mods and candidate != mod:
                    graph[mod].add(candidate)
                    break
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_outside_the_upload_reader():
    """A package's __init__ re-exporting its modules is not a cycle of logic; ingest's own is being removed (#16)."""
    graph = _graph()
    for mod in graph:                      # a module importing its package's __init__ re-exports: drop that edge
        graph[mod] = {t for t in graph[mod] if not (mod.startswith(t + ".") and (SRC.parent / Path(*t.split("."))
                                                                                 / "__init__.py").exists())}
    cycles = [c for c in _cycles(graph) if not all(m.startswith("indicators.ingest") for m in c)]
    assert not cycles, cycles


def _pins(name: str) -> set[str]:
    lines = (REPO / name).read_text(encoding="utf-8").splitlines()
    return {ln.split("==")[0].strip().lower() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")}


def _third_party(folder: Path) -> set[str]:
    """Distributions that the files under folder import (standard library and the project's own left out)."""
    import sys
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    own = {"indicators", "bench", "tests", "pages"}
    found = set()
    for path in folder.rglob("*.py"):
        for module, _ in imports(path):
            top = module.split(".")[0]
            if top and top not in own and top not in sys.stdlib_module_names:
                found |= {d.lower() for d in dists.get(top, [top])}
    return found


def test_pins_match_imports():
    """requirements.txt pins exactly what src imports (plus Authlib, which st.login imports for SSO, and
    psycopg-binary, which psycopg imports); test pins cover what tests and bench import beyond that."""
    runtime = _pins("requirements.txt")
    assert runtime - {"authlib", "psycopg-binary"} == _third_party(SRC)
    extra = (_third_party(REPO / "tests") | _third_party(REPO / "bench")) - runtime
    assert extra <= _pins("requirements-test.txt"), extra
