import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": "x" * 30 + "-prod-key-for-check-" + "y" * 20,
            "ALLOWED_HOSTS": "a.fr",
            "ANSAM_AUDIT_KEYS": "1:" + "k" * 64,
            "ANSAM_AUDIT_CHECKPOINTS": "file:/var/log/ansam/audit-checkpoints.log",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env={})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" in result.stderr or "ImproperlyConfigured" in result.stderr


def test_production_requires_the_second_factor():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ANSAM_REQUIRE_2FA, settings.DEMO)",
        env={"SECRET_KEY": "k" * 50, "ANSAM_AUDIT_KEYS": "1:" + "k" * 64},
    )
    assert result.stdout.strip().splitlines()[-1] == "True False"


def test_production_refuses_to_start_without_an_audit_key():
    result = _manage("check", env={"SECRET_KEY": "k" * 50})
    assert result.returncode != 0
    assert "ANSAM_AUDIT_KEYS must be set" in result.stderr


def test_check_deploy_warns_when_the_audit_log_is_not_anchored():
    result = _manage(
        "check", "--deploy",
        env={"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.fr", "ANSAM_AUDIT_KEYS": "1:short"},
    )  # fmt: skip
    assert "ansam.W001" in result.stderr + result.stdout
    assert "ansam.W002" in result.stderr + result.stdout
