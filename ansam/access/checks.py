"""Deployment checks of the audit log's protection (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_anchor(app_configs: object, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.ANSAM_AUDIT_CHECKPOINTS:
        problems.append(
            Warning(
                "ANSAM_AUDIT_CHECKPOINTS is empty: the audit chain is not anchored outside the "
                "database, so events cut from its end cannot be detected.",
                hint="Set it to file:/a/path/on/another/disk, syslog or email:dpo@… "
                "(docs/operations.md, 'The audit log').",
                id="ansam.W001",
            )
        )
    short = [
        k.partition(":")[0] for k in settings.ANSAM_AUDIT_KEYS if len(k.partition(":")[2]) < 32
    ]
    if short:
        problems.append(
            Warning(
                f"Audit keys shorter than 32 characters: {', '.join(short)}.",
                hint="Generate one with: openssl rand -hex 32",
                id="ansam.W002",
            )
        )
    return problems
