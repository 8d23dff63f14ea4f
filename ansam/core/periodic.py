"""The periodic tasks of every installed app: each app's `tasks` module may list them as
PERIODIC = [(task, every so many seconds), …]."""

import importlib
import importlib.util
from typing import Any

from django.apps import apps


def periodic_tasks() -> list[tuple[Any, int]]:
    found: list[tuple[Any, int]] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tasks"
        if importlib.util.find_spec(name) is None:
            continue
        found += getattr(importlib.import_module(name), "PERIODIC", [])
    return found
