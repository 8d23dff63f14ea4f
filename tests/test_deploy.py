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
        "check",
        "--deploy",
        env={"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.fr", "ANSAM_AUDIT_KEYS": "1:short"},
    )
    assert "ansam.W001" in result.stderr + result.stdout
    assert "ansam.W002" in result.stderr + result.stdout


def _production_env(tmp_path, **extra):
    return {
        "SECRET_KEY": "s" * 50,
        "ANSAM_AUDIT_KEYS": "1:" + "k" * 64,
        "ALLOWED_HOSTS": "127.0.0.1",
        "ANSAM_HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "ANSAM_STATIC_ROOT": str(tmp_path / "static"),
        "ANSAM_MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def test_production_without_collected_static_files_stops_at_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import ansam.wsgi"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", ""), **_production_env(tmp_path)},
    )
    assert result.returncode != 0
    assert "collectstatic" in result.stderr


def test_production_starts_from_the_documented_command(tmp_path):
    import re
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PY": sys.executable,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        **_production_env(tmp_path),
    }
    server = subprocess.Popen(
        [str(Path(settings.BASE_DIR) / "bin" / "serve")],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, page = time.monotonic() + 90, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(base + "/accounts/login/", timeout=2) as r:  # noqa: S310
                    page = r.read().decode()
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        assert page is not None and "Connexion" in page
        css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert ".css" in css and css != "/static/ansam/ansam.css"  # hashed: the manifest is used
        with urllib.request.urlopen(base + css, timeout=5) as r:  # noqa: S310
            assert r.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
