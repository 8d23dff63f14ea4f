"""Layers that only point down (docs/architecture.md, "Layers"), checked by parsing every import:

    0  core's base (models, errors, ids, env, text)      4  the domain's logic (services,
    1  data: geo, and each app's models, sections,           selectors, search, detect, flags…)
       taxonomies, pure content functions                 5  —
    2  core's services (notifications, email, tasks…)     6  lifecycle (spans a whole record)
    3  access (the policy and the audit log)              7  web, api, demo
                                                          9  settings, urls, wsgi

A module imports only from its layer or below, and never inside a function to dodge a loop."""

import ast
from pathlib import Path

from django.conf import settings

DATA = {
    "models",
    "sections",
    "taxonomies",
    "taxonomy_labels",
    "validators",
    "ids",
    "errors",
    "text",
    "env",
    "db",
    "apps",
    "content",
    "machine",
    "v0_mapping",
    "duplicates",
}
CORE_SERVICES = {
    "notifications",
    "email",
    "tasks",
    "periodic",
    "links",
    "idempotency",
    "middleware",
    "startup",
    "layout",
    "management",
}
# Imports inside a function that are not dodging a loop, each with its reason.
ALLOWED_INSIDE = {
    ("ansam.access.apps", "ansam.access.checks"): "AppConfig.ready() registers the checks",
    ("ansam.portal.apps", "ansam.portal.signals"): "AppConfig.ready() connects the receivers",
    (
        "ansam.organisations.apps",
        "ansam.organisations.signals",
    ): "AppConfig.ready() connects the receivers",
}


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) < 2:
        return 0
    app, sub = parts[1], parts[2] if len(parts) > 2 else ""
    if app in ("settings", "urls", "wsgi"):
        return 9
    if app in ("web", "api", "demo"):
        return 7
    if app == "lifecycle":
        return 6
    if app == "core":
        return 2 if sub in CORE_SERVICES else 0
    if app == "geo" or sub in DATA or not sub:
        return 1
    if app == "access":
        return 3
    return 4


def _imports():
    root = Path(settings.BASE_DIR) / "ansam"
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ansam"):
                targets = [node.module]
                if node.module.count(".") == 1:  # from ansam.app import submodule
                    targets = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("ansam")]
            else:
                continue
            for target in targets:
                yield module, target, node


def test_no_module_imports_a_layer_above_its_own():
    upward = [
        f"{module} ({layer(module)}) imports {target} ({layer(target)}), line {node.lineno}"
        for module, target, node in _imports()
        if layer(target) > layer(module) and (module, target) not in ALLOWED_INSIDE
    ]
    assert not upward, "\n".join(upward)


def test_no_import_is_hidden_in_a_function():
    hidden = [
        f"{module}: {target}, line {node.lineno}"
        for module, target, node in _imports()
        if node.col_offset > 0 and (module, target) not in ALLOWED_INSIDE
    ]
    assert not hidden, "\n".join(hidden)


def test_the_layers_are_what_the_code_says():
    assert layer("ansam.sharing.models") < layer("ansam.access.records")
    assert layer("ansam.access.records") < layer("ansam.sharing.services")
    assert layer("ansam.sharing.services") < layer("ansam.lifecycle.retention")
    assert layer("ansam.lifecycle.acts") < layer("ansam.web.views.people")
