"""The long fuzz run: the suite's two fuzzers (tests/fuzz: schemathesis over every API operation,
random values in every record form) with many more examples per operation and form, on the
chosen engine. Reports the time and the outcome; any 5xx or schema mismatch fails the run.

    python benchmarks/fuzz.py [--examples 500] [--engine sqlite|postgresql]"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    env = {**os.environ, "ANSAM_TESTING": "1", "FUZZ_EXAMPLES": str(args.examples)}
    if args.engine == "postgresql":
        env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ansam")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "tests/fuzz"], cwd=ROOT, env=env
    )
    print(
        f"fuzz: {args.examples} examples per operation and form, {args.engine}, "
        f"{time.perf_counter() - start:.0f} s, exit {result.returncode}"
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
