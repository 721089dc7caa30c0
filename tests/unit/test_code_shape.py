"""Code shape: no function in the application packages is longer than 60 lines (from `def` to its last line)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("advisor", "actions", "channels", "insights", "stores")
MAX_FUNCTION_LINES = 60


def long_functions(source: str, filename: str, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """«file:line name (N lines)» for every function or method in `source` longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                found.append(f"{filename}:{node.lineno} {node.name} ({length} lines)")
    return found


def _statements(count: int, indent: str) -> str:
    return "".join(f"{indent}x{i} = {i}\n" for i in range(count))


def test_the_checker_names_long_functions_methods_and_nested_functions():
    source = (
        "def short():\n    return 1\n"  # lines 1-2
        "def too_long():\n" + _statements(60, "    ")  # lines 3-63: 61 lines
        + "class C:\n    async def method(self):\n"  # line 64, method from line 65
        "        def inner():\n" + _statements(60, "            ")  # lines 66-126: 61 lines
        + "        return inner\n"  # method ends on line 127: 63 lines
    )
    assert long_functions(source, "example.py") == [
        "example.py:3 too_long (61 lines)", "example.py:65 method (63 lines)", "example.py:66 inner (61 lines)",
    ]
    assert long_functions("def exactly_sixty():\n" + _statements(59, "    "), "ok.py") == []


def test_no_function_is_longer_than_60_lines():
    files = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    assert files, "the packages were not found"
    found = [
        problem
        for path in files
        for problem in long_functions(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "Split these functions (at most 60 lines each):\n" + "\n".join(found)
