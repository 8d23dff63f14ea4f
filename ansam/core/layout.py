"""The layout check (DESIGN.md): the thin layers (pages, API, accounts, templates) never read a
person's data themselves; they go through ansam.access and the domain's selectors and services.
It parses the code (ast), and derives the personal models from the apps: a model is personal
when it points to the person, or to a model that does (transitively), or holds a person_id.

Run by `manage.py check_layout` (in `make lint`) and by tests/test_layout_rules.py, which also
plants a bypass of each kind to prove the check sees it."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Model

THIN = ("ansam/web", "ansam/api", "ansam/accounts")
TEMPLATES = ("ansam/web/templates",)
# Where raw SQL on personal tables may live: the access policy and the domain's own code.
SQL_ALLOWED = (
    "ansam/access/",
    "services.py",
    "selectors.py",
    "detect.py",
    "retention.py",
    "migrations/",
    "ansam/demo/",
    "ansam/core/layout.py",
)
MANAGER_ATTRS = {"objects", "_default_manager", "_base_manager"}
QUERY_METHODS = {
    "all",
    "filter",
    "exclude",
    "get",
    "order_by",
    "values",
    "values_list",
    "count",
    "exists",
    "first",
    "last",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "iterator",
    "create",
    "update",
    "delete",
    "in_bulk",
    "latest",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


@dataclass(frozen=True)
class Personal:
    models: frozenset[str]  # class names
    accessors: frozenset[str]  # reverse relation names that lead to personal rows
    tables: frozenset[str]


def personal_models() -> Personal:
    from django.apps import apps

    personal: set[type[Model]] = {apps.get_model("people", "Person")}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in personal:
                continue
            names = {f.name for f in model._meta.get_fields()}
            related = {
                f.related_model
                for f in model._meta.get_fields()
                if f.is_relation
                and (f.many_to_one or f.one_to_one)
                and not f.auto_created
                and f.related_model is not None
            }
            if "person_id" in names or related & personal:
                personal.add(model)
                changed = True
    accessors = set()
    for model in personal:
        for field in model._meta.get_fields():
            if field.is_relation and field.auto_created and field.related_model in personal:
                name = getattr(field, "get_accessor_name", lambda: None)()
                if name and not name.startswith("+"):
                    accessors.add(name)
    return Personal(
        frozenset(m.__name__ for m in personal),
        frozenset(accessors),
        frozenset(m._meta.db_table for m in personal),
    )


@dataclass
class Offence:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def check_python(path: str, source: str, personal: Personal) -> list[Offence]:
    offences = []
    tree = ast.parse(source)
    sql_allowed = any(part in path for part in SQL_ALLOWED)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node.value
            if (
                node.attr in MANAGER_ATTRS
                and isinstance(base, ast.Name)
                and (base.id in personal.models)
            ):
                offences.append(Offence(path, node.lineno, f"{base.id}.{node.attr}"))
            elif (
                node.attr in QUERY_METHODS
                and isinstance(base, ast.Attribute)
                and (base.attr in personal.accessors)
            ):
                offences.append(Offence(path, node.lineno, f"related manager .{base.attr}"))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in SHORTCUTS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in personal.models:
                    offences.append(Offence(path, node.lineno, f"{name}({first.id}, …)"))
            if name in ("execute", "raw", "executemany") and not sql_allowed:
                text = " ".join(
                    a.value
                    for a in ast.walk(node)
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                )
                for table in personal.tables:
                    if re.search(rf"\b{re.escape(table)}\b", text):
                        offences.append(Offence(path, node.lineno, f"raw SQL on {table}"))
    return offences


TEMPLATE_ACCESS = re.compile(r"\.(\w+)\.(all|count|first|last|exists)\b")


def check_template(path: str, source: str, personal: Personal) -> list[Offence]:
    offences = []
    for number, line in enumerate(source.splitlines(), 1):
        for accessor, _method in TEMPLATE_ACCESS.findall(line):
            if accessor in personal.accessors:
                offences.append(Offence(path, number, f"related manager .{accessor} in a template"))
    return offences


def check_tree(root: Path, personal: Personal | None = None) -> list[Offence]:
    personal = personal or personal_models()
    offences = []
    for layer in THIN:
        for path in sorted((root / layer).rglob("*.py")):
            rel = str(path.relative_to(root))
            offences += check_python(rel, path.read_text(encoding="utf-8"), personal)
    for layer in TEMPLATES:
        for path in sorted((root / layer).rglob("*.html")):
            rel = str(path.relative_to(root))
            offences += check_template(rel, path.read_text(encoding="utf-8"), personal)
    return offences
