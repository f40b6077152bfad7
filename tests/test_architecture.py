"""The house's layer order, read from the imports themselves (module-level and inside functions).

Every arrow runs downward: base ← models ← style ← marking engine ← exercise registry ← learner façade ← widgets
← teacher and learner tools. A module may import modules of a lower layer, and peers only inside the models layer (no cycles).
A new module must be placed in LAYERS; the failure says so.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
HELPERS = ROOT / "helpers"

# Lowest first. A name covers the module and, for a package, everything inside it.
LAYERS = [
    ("base", {"inputs", "vocab", "limits", "data", "identity"}),
    (
        "models",
        {
            "timeline",
            "balance_sheet",
            "runoff",
            "qe",
            "bonds",
            "valuation",
            "housing",
            "inequality",
            "history",
            "currency_board",
            "policy_rates",
            "fx",
            "portfolio",
            "faq",
            "market_series",
            "reserves",
            "provenance",
            "launch",
            "lms_export",
        },
    ),
    ("style", {"style", "display"}),  # presentation: colours, fonts, table formatting
    ("engine", {"marking"}),
    ("registry", {"exercises"}),
    ("facade", {"checks"}),
    ("widgets", {"widgets"}),
    (
        "tools",
        {"grade", "grade_extract", "release", "make_exercises", "workspace", "teacher"},
    ),  # teacher and learner commands
]
PEERS_ALLOWED = {"models", "widgets", "tools", "registry"}  # peer imports allowed in these layers (acyclic)
RANK = {name: i for i, (_layer, names) in enumerate(LAYERS) for name in names}


def modules():
    for path in sorted(HELPERS.rglob("*.py")):
        rel = path.relative_to(HELPERS).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        if parts:
            yield ".".join(parts), path


def top(name):
    return name.split(".", 1)[0]


def imports_of(path, module):
    """helpers.* modules imported anywhere in the file (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name[len("helpers.") :] for a in node.names if a.name.startswith("helpers.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module == "helpers":
                target = ""
            elif node.module and node.module.startswith("helpers."):
                target = node.module[len("helpers.") :]
            else:
                continue
            if target:
                found.add(target)
            else:  # from helpers import a, b
                found |= {a.name for a in node.names}
    return {name for name in found if name}


GRAPH = {module: imports_of(path, module) for module, path in modules()}


def test_every_module_has_a_layer():
    unplaced = sorted({top(m) for m in GRAPH if top(m) not in RANK and top(m) != "fonts"})
    assert not unplaced, f"place these helpers modules in LAYERS (tests/test_architecture.py): {unplaced}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_downward(module):
    mine = RANK.get(top(module))
    if mine is None:
        pytest.skip("not placed (reported by test_every_module_has_a_layer)")
    layer = LAYERS[mine][0]
    for target in sorted(GRAPH[module]):
        theirs = RANK.get(top(target))
        assert theirs is not None, f"{module} imports helpers.{target}, which has no layer"
        if top(target) == top(module):
            continue  # inside one package
        assert theirs < mine or (theirs == mine and layer in PEERS_ALLOWED), (
            f"helpers.{module} ({layer}) imports helpers.{target} ({LAYERS[theirs][0]}): an upward or sideways "
            "arrow. Move the shared piece down a layer instead."
        )


def test_no_import_cycles_between_modules():
    graph = {top(m): set() for m in GRAPH}
    for module, targets in GRAPH.items():
        graph[top(module)] |= {top(t) for t in targets if top(t) != top(module) and top(t) in graph}
    seen, stack = set(), []

    def visit(node):
        if node in stack:
            raise AssertionError("import cycle: " + " → ".join(stack[stack.index(node) :] + [node]))
        if node in seen:
            return
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()
        seen.add(node)

    for node in sorted(graph):
        visit(node)


def test_the_engine_knows_nothing_above_it():
    engine = GRAPH["marking"] | GRAPH["limits"] | GRAPH["vocab"]
    assert not {top(t) for t in engine} & {"exercises", "checks", "grade", "widgets", "style"}
    assert GRAPH["limits"] == set(), "limits.py is injected into the grading kernel: standard library only"
