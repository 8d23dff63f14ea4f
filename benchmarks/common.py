"""Shared helpers of the benchmarks: a dedicated database per run, timing, machine facts."""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("ANSAM_DEMO", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansam.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fresh_database(engine: str, name: str) -> str:
    """A new, empty database for the benchmark; returns its URL."""
    OUT.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        path = OUT / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p):
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

    return {
        "n": len(ordered),
        "p50_ms": round(pick(0.50) * 1000, 1),
        "p95_ms": round(pick(0.95) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {python}"


def child(script: str, *args: object) -> dict:
    """Run the benchmark's measure in a child process (its own database and memory) and read
    the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, script, "--child", *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(engine: str, runs: list[dict], size: str, seconds: str) -> None:
    """The two sizes side by side with their ratios (linearity)."""
    small, full = runs
    print(
        json.dumps(
            {
                "engine": engine,
                "machine": machine(),
                "date": time.strftime("%Y-%m-%d"),
                "runs": runs,
                "size_ratio": round(full[size] / small[size], 2),
                "time_ratio": round(full[seconds] / small[seconds], 2),
            },
            indent=1,
        )
    )
