"""Run the benchmarks: ``python -m benchmarks.run --sizes 1000 10000 100000 --out results.json``.

Each size runs in its own process, so its peak memory is its own. Stores are built by the
demo generator (seeded) and cached in benchmarks/.cache between runs; with ``--backend
postgresql`` they are databases on the server ``--server`` names (a superuser URL), built once
and reused, and measured signed in as the demo user's own login role.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.measure import Timing
from benchmarks.servers import ENV, admin_url
from benchmarks.stores import BACKENDS, DEFAULT_CACHE, PASSPHRASE, USER, Target


def run_one(cases: int, runs: int, target: Target, app: bool) -> dict[str, Any]:
    """Measure one store size in this process."""
    from benchmarks.scenarios import freeze_clock, measure_app, measure_open, measure_services
    from benchmarks.scenarios_case import long_case, measure_case
    from benchmarks.scenarios_checklist import measure_checklist
    from benchmarks.scenarios_csg import measure_csg
    from benchmarks.scenarios_triage import measure_decision, measure_queue
    from remedy_tui.store import Store
    from remedy_tui.store.models import Case

    where = target.store(cases)
    freeze_clock()
    timings: list[Timing] = []
    timings += measure_open(where, cases, max(3, runs // 3))
    store = Store.open(where, USER, PASSPHRASE)
    try:
        timings += measure_services(store, cases, runs)
        timings += measure_case(store, cases, runs)
        with store.session() as session:
            long_reference = session.get(Case, long_case(store)).reference  # type: ignore[union-attr]
        timings += measure_queue(store, cases, runs)
        timings += measure_checklist(store, cases, runs, app=app)
        timings += measure_csg(store, cases, runs)
    finally:
        store.close()
    timings += measure_decision(where, cases, max(5, runs // 2))
    if app:
        timings += measure_app(where, cases, max(3, runs // 4), long_reference)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cases": cases,
        "backend": target.backend,
        "store_bytes": target.size_bytes(where),
        "peak_memory_mb": round(peak_mb, 1),
        "timings": [t.as_json() for t in timings],
    }


def session_peak(cases: int, target: Target) -> dict[str, Any]:
    """The peak memory of one app session in this (fresh) process: unlock, the queue and a
    search, the case list, its pages and a search, and the long case opened three times.

    The measuring process's own peak counts every scenario and a dozen app runs one after
    another (Python keeps what it freed for reuse), so it says little about Remedy's."""
    from benchmarks.scenarios import freeze_clock, measure_app
    from benchmarks.scenarios_case import long_case
    from remedy_tui.store import Store
    from remedy_tui.store.models import Case

    where = target.store(cases)
    freeze_clock()
    store = Store.open(where, USER, PASSPHRASE)
    with store.session() as session:
        reference = session.get(Case, long_case(store)).reference  # type: ignore[union-attr]
    store.close()
    measure_app(where, cases, 0, reference)  # one run, not timed
    return {"peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def table(results: list[dict[str, Any]], backend: str = "") -> str:
    """The results as a Markdown table, under a line that says which backend they are for:
    every floor is hand-written SQL on that backend's own connection."""
    lines = [f"Backend: {backend}", ""] if backend else []
    lines += [
        "| cases | measurement | median ms | p95 ms | floor ms | x floor |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for t in result["timings"]:
            floor = "" if t["floor_ms"] is None else f"{t['floor_ms']:.2f}"
            ratio = "" if t["ratio_to_floor"] is None else f"{t['ratio_to_floor']:.1f}"
            lines.append(
                f"| {result['cases']:,} | {t['name']} | {t['median_ms']:.1f} | "
                f"{t['p95_ms']:.1f} | {floor} | {ratio} |"
            )
        if result.get("session_peak_memory_mb") is not None:
            lines.append(
                f"| {result['cases']:,} | peak memory (MB), one app session | "
                f"{result['session_peak_memory_mb']:.0f} | | | |"
            )
        lines.append(
            f"| {result['cases']:,} | peak memory (MB), the measuring process (every scenario, "
            f"a dozen app runs) | {result['peak_memory_mb']:.0f} | | | |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure each size in a child process and print and save the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=20, help="repetitions per measurement")
    parser.add_argument("--out", type=Path, required=True, help="write the results as JSON here")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-app", action="store_true", help="skip the headless-app timings")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=BACKENDS[0],
        help="the encrypted local file (default) or a PostgreSQL team server",
    )
    parser.add_argument(
        "--server",
        help=f"with --backend postgresql: a superuser URL of the server the benchmark "
        f"databases are built on (default ${ENV}, else $REMEDY_TEST_POSTGRES)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--session", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    target = Target(args.backend, args.cache)
    if args.backend == "postgresql":
        server = admin_url(args.server)
        if server is None:
            parser.error(f"--backend postgresql needs --server URL (or ${ENV})")
        # Children find it here too: a password never goes on a command line.
        os.environ[ENV] = server

    if args.build is not None:
        target.store(args.build)
        return 0

    if args.session is not None:
        args.out.write_text(json.dumps(session_peak(args.session, target)))
        return 0

    if args.one is not None:
        result = run_one(args.one, args.runs, target, not args.no_app)
        args.out.write_text(json.dumps(result, indent=2))
        return 0

    common = ["--cache", str(args.cache), "--backend", args.backend]
    for cases in args.sizes:
        # Built (or found in the cache) in a process of its own, so that building does not
        # count towards the peak memory of the measuring process.
        subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--build", str(cases), "--out", "/dev/null"]
            + common,
            check=True,
        )
    results = []
    for cases in args.sizes:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            part = Path(handle.name)
        options = ["--runs", str(args.runs), "--out", str(part)] + common
        command = [sys.executable, "-m", "benchmarks.run", "--one", str(cases)] + options
        if args.no_app:
            command.append("--no-app")
        print(f"measuring {cases:,} cases ...", file=sys.stderr)
        subprocess.run(command, check=True)
        result = json.loads(part.read_text())
        if not args.no_app:
            # One app session in a process of its own: the peak memory of Remedy itself.
            session = [sys.executable, "-m", "benchmarks.run", "--session", str(cases)] + options
            subprocess.run(session, check=True)
            result["session_peak_memory_mb"] = json.loads(part.read_text())["peak_memory_mb"]
        results.append(result)
        part.unlink()
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }
    backend = target.describe()
    summary = {
        "backend": args.backend,
        "backend_detail": backend,
        "machine": machine,
        "results": results,
    }
    args.out.write_text(json.dumps(summary, indent=2))
    print(table(results, backend))
    print(f"\nmachine: {machine}\nresults written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
