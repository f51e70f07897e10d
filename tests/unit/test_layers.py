"""The house rules read from the source: pages and commands write only through actions; no import cycles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "indicators"
# The store's and the accounts' plain writes (found in the source below): only indicators.actions may call them.
# The exceptions administer the store itself, on the server's shell or before any reader: the bootstrap (create,
# migrate, sync the catalogue, seed) and migrate-store (a whole store copied into an empty one, in its own transaction).
WRITE_HOMES = [*sorted((SRC / "store").glob("*.py")), SRC / "auth" / "users.py"]
BOOTSTRAP = {"indicators.store.seed.ensure_ready", "indicators.store.copy.copy_store"}
_WRITE_SQL = re.compile(r"\b(INSERT|UPDATE|DELETE|ALTER|CREATE|DROP)\b|_INSERT|executemany|\bnextval\(")
READ_ONLY_SQL = {"data.py", "safety_data.py"}      # their SQL reads counts for the cache keys (checked below)
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


def write_functions() -> dict[str, set[str]]:
    """Module → its top-level functions that write: they run SQL that changes data, or call such a function."""
    funcs, calls = {}, {}
    for path in WRITE_HOMES:
        mod = module_name(path)
        local = {n: f"{m}.{n}" for m, n in imports(path) if n}            # imported name → its home
        for f in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(f, ast.FunctionDef):
                text = ast.unparse(f)
                funcs[f"{mod}.{f.name}"] = bool(_WRITE_SQL.search(text)) and ".execute" in text
                calls[f"{mod}.{f.name}"] = {local.get(c.func.id, f"{mod}.{c.func.id}") for c in ast.walk(f)
                                            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
    writes = {f for f, direct in funcs.items() if direct}
    while more := {f for f in funcs if f not in writes and calls[f] & writes}:
        writes |= more                     # a function calling a write (of any module) writes too
    out: dict[str, set[str]] = {}
    for f in writes - {"indicators.store.db.transaction"}:
        mod, name = f.rsplit(".", 1)
        out.setdefault(mod, set()).add(name)
    return out


def test_the_write_finder_knows_the_writes():
    found = write_functions()
    assert {"insert_batch", "mark_rolled_back"} <= found["indicators.store.batches"]
    assert {"insert_user", "update_role", "delete_user"} <= found["indicators.auth.users"]
    assert {"insert_recipe", "mark_dropped"} <= found["indicators.store.recipes"]
    assert {"update_indicator", "delete_indicator", "delete_alias", "sync_catalog"} <= found[
        "indicators.store.catalog_sync"]
    assert {"record_merge", "close_merge"} <= found["indicators.store.merges"]
    assert "log" in found["indicators.store.audit"] and "ensure_ready" in found["indicators.store.seed"]
    assert not {"list_recipes", "recipe_for", "find_by_sha", "list_batches"} & set().union(*found.values())


@pytest.mark.parametrize("path", ADAPTERS, ids=lambda p: str(p.relative_to(REPO)))
def test_pages_and_commands_write_only_through_actions(path):
    writes = write_functions()
    found = []
    for module, name in imports(path):
        if name in writes.get(module, set()) and f"{module}.{name}" not in BOOTSTRAP:
            found.append(f"{module}.{name}")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    as_names = {a.name: a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    modules = {as_names.get(name, name): f"{module}.{name}" for module, name in imports(path)
               if name and f"{module}.{name}" in writes}    # a write home imported as a module, by its local name
    found += [f"{modules[c.func.value.id]}.{c.func.attr}" for c in ast.walk(tree) if isinstance(c, ast.Call)
              and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
              and c.func.value.id in modules and c.func.attr in writes[modules[c.func.value.id]]]
    text = path.read_text(encoding="utf-8")
    found += [call for call in ("audit.log(", "transaction(", ".execute(", ".executemany(") if call in text
              and not (call == ".execute(" and path.name in READ_ONLY_SQL)]
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


def test_no_import_cycle():
    """No cycle anywhere under src/ (imports inside functions count); a package's __init__ re-exporting its modules
    is not a cycle of logic."""
    graph = _graph()
    for mod in graph:                      # a module importing its package's __init__ re-exports: drop that edge
        graph[mod] = {t for t in graph[mod] if not (mod.startswith(t + ".") and (SRC.parent / Path(*t.split("."))
                                                                                 / "__init__.py").exists())}
    assert not _cycles(graph)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def _logs_or_raises(handler: ast.ExceptHandler) -> bool:
    """Whether an except block logs (log.<level>(…), <x>.unexpected(…) which logs), raises, or hands the exception
    on (stores it for another thread to raise; a forked child prints its traceback to the stderr its parent reads)."""
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == handler.name:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value.id if isinstance(node.func.value, ast.Name) else None
            if node.func.attr in ("unexpected", "print_exc", "format_exc") or owner == "log":
                return True
    return False


def _broad(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return handler.type is None or any(isinstance(n, ast.Name) and n.id in ("Exception", "BaseException")
                                       for n in names)


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_a_broad_except_logs_or_raises(path):
    """An unexpected exception is never swallowed: a broad except logs it (with its traceback) or raises."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    silent = [h.lineno for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and _broad(h)
              and not _logs_or_raises(h)]
    assert not silent, f"{path.name}: a broad except at lines {silent} neither logs nor raises"


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


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_errors_carry_a_catalogue_code(path):
    """A UserError / PermissionDenied is raised with a code the string catalogue has (or a Message), never with text
    already made in one language, so it is shown in the reader's language and the CLI's JSON keeps the code."""
    from indicators.i18n import catalogue

    known = catalogue()
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("UserError", "PermissionDenied") and node.args):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant):
            ok = first.value in known
        elif isinstance(first, ast.JoinedStr):     # f"errors.last_admin_{what}": a code family, checked by its prefix
            head = first.values[0]
            ok = isinstance(head, ast.Constant) and any(k.startswith(head.value) for k in known)
        else:
            ok = isinstance(first, (ast.Name, ast.Attribute))     # a Message or a code held in a variable or field
        if not ok:
            bad.append(f"line {node.lineno}: {ast.unparse(first)[:60]}")
    assert not bad, bad
