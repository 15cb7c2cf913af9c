"""Speed, measured by hand (not a test): cold start, batch throughput, peak memory.

    python bench/benchmark.py              # the issue's figures: 20 cold runs, 10,000 records
    python bench/benchmark.py --records 2000 --runs 10
    python bench/benchmark.py --profile 500  # where the time of an in-process batch goes

Each figure is printed beside its target. The floor for a cold start is measured in the same
run (`python -c "import pydantic, yaml"`, the least any kzlex run must import), interleaved
with the kzlex runs so both see the same machine load. Peak memory is each child's maximum
resident set (wait4), its worker processes included.
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COLD_TARGET = 0.5  # seconds
FLOOR_FACTOR = 3.0
RATE_TARGET = 1_000  # records per second per process
MEMORY_TARGET = 200  # MB


# Byte-compiled modules in a temporary prefix, as `pip install` leaves them: a shell with
# PYTHONDONTWRITEBYTECODE would otherwise recompile every kzlex module on every cold run (and
# measure the compiler), and nothing is written into the repository.
_PYCACHE = tempfile.mkdtemp(prefix="kzlex-bench-pyc-")


def _env() -> dict[str, str]:
    env = {**os.environ, "KZLEX_TODAY": "2026-11-23", "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": _PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _timed(args: list[str], *, sample: bool = False) -> tuple[float, float]:
    """Wall time and the peak RSS (MB) of the largest process of one run.

    wait4 gives the child's peak with its reaped children; batch workers are forked by the
    forkserver, not by the child, so with `sample` every descendant's VmHWM is also read from
    /proc while the run lasts.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()
    peaks: dict[int, int] = {}
    sampler = threading.Thread(target=_sample, args=(proc.pid, stop, peaks), daemon=True)
    if sample:
        sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    stop.set()
    if sample:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return elapsed, max([usage.ru_maxrss, *peaks.values()]) / 1024  # KB on Linux


def _sample(root: int, stop: threading.Event, peaks: dict[int, int]) -> None:
    while not stop.is_set():
        for pid, kb in _descendants(root):
            peaks[pid] = max(peaks.get(pid, 0), kb)
        stop.wait(0.2)


def _descendants(root: int) -> list[tuple[int, int]]:
    """(pid, VmHWM in KB) of every live process under root (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out: list[tuple[int, int]] = []
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            out.append((pid, int(status.split("VmHWM:")[1].split()[0])))
        except (OSError, IndexError, ValueError):
            continue
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def cold(runs: int, scenario: Path) -> dict[str, float]:
    kzlex = [sys.executable, "-m", "cli", "check", str(scenario), "--format", "json"]
    floor = [sys.executable, "-c", "import pydantic, yaml"]
    _timed(kzlex)  # warm the OS file cache once; every measured run is still a fresh interpreter
    times: dict[str, list[float]] = {"kzlex": [], "floor": []}
    peak = 0.0
    for _ in range(runs):
        for name, args in (("kzlex", kzlex), ("floor", floor)):
            elapsed, rss = _timed(args)
            times[name].append(elapsed)
            if name == "kzlex":
                peak = max(peak, rss)
    return {
        "median": statistics.median(times["kzlex"]),
        "p95": _p95(times["kzlex"]),
        "floor_median": statistics.median(times["floor"]),
        "floor_p95": _p95(times["floor"]),
        "rss": peak,
    }


def batch(records: int, jobs: int, folder: Path) -> dict[str, float]:
    source = folder / "scenarios.jsonl"
    out = folder / f"results-{jobs}.jsonl"
    elapsed, rss = _timed(
        [sys.executable, "-m", "cli", "batch", str(source), "--jobs", str(jobs), "--out", str(out)], sample=True
    )
    lines = sum(1 for _ in out.open("rb"))
    assert lines == records, f"{lines} results for {records} records"
    return {"seconds": elapsed, "rate": records / elapsed, "per_process": records / elapsed / jobs, "rss": rss}


def profile(records: int) -> None:
    import cProfile
    import datetime as dt
    import io
    import pstats

    from bench.generate import jsonl
    from engine.features.batch import Runner, read_lines
    from engine.reasoning.evaluate import evaluate
    from kzlex_cli.common import get_engine, scenario_from_data

    text, _ = jsonl(records, 0, seed=0)
    eng = get_engine()
    runner = Runner(lambda s: evaluate(eng, s, today=dt.date(2026, 11, 23)), scenario_from_data)
    tasks = list(read_lines(io.BytesIO(text.encode()), "bench"))
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    runner.run_all(tasks)
    prof.disable()
    print(f"{records} records in {time.perf_counter() - started:.2f} s under the profiler")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def _verdict(ok: bool, how: str) -> str:
    return f"{'met' if ok else 'MISSED'} ({how})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="cold runs of `kzlex check` (default 20)")
    parser.add_argument("--records", type=int, default=10_000, help="generated records for `kzlex batch`")
    parser.add_argument("--scenario", type=Path, default=REPO / "scenarios" / "ridder-style-poll.yaml")
    parser.add_argument("--profile", type=int, metavar="N", help="profile an in-process batch of N records instead")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return

    from bench.generate import jsonl

    atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)
    print(f"kzlex benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    c = cold(args.runs, args.scenario)
    ratio = c["median"] / c["floor_median"]
    c_ratio = c["median"] / COLD_TARGET
    print(f"\ncold `kzlex check {args.scenario.name} --format json`, {args.runs} runs:")
    print(f"  kzlex   median {c['median']:.3f} s   p95 {c['p95']:.3f} s   peak RSS {c['rss']:.0f} MB")
    print(
        f"  floor   median {c['floor_median']:.3f} s   p95 {c['floor_p95']:.3f} s   (python -c 'import pydantic, yaml')"
    )
    print(f"  target < {COLD_TARGET} s: {_verdict(c['median'] < COLD_TARGET, f'{c_ratio:.2f}x the target')}")
    print(f"  target < {FLOOR_FACTOR:g}x floor: {_verdict(ratio < FLOOR_FACTOR, f'{ratio:.2f}x the floor')}")

    peak = c["rss"]
    with tempfile.TemporaryDirectory(prefix="kzlex-bench-") as tmp:
        folder = Path(tmp)
        text, _ = jsonl(args.records, 0, seed=0)
        (folder / "scenarios.jsonl").write_text(text, encoding="utf-8")
        print(f"\n`kzlex batch` over {args.records:,} generated scenarios (random.Random(0)), wall time with start-up:")
        for jobs in (1, 2):
            b = batch(args.records, jobs, folder)
            peak = max(peak, b["rss"])
            b_ratio = b["per_process"] / RATE_TARGET
            print(
                f"  --jobs {jobs}: {b['seconds']:.1f} s, {b['rate']:,.0f} scenarios/s, "
                f"{b['per_process']:,.0f} per process, largest process {b['rss']:.0f} MB   "
                f"target >= {RATE_TARGET:,}/s per process: "
                f"{_verdict(b['per_process'] >= RATE_TARGET, f'{b_ratio:.2f}x the target')}"
            )
        same = (folder / "results-1.jsonl").read_bytes() == (folder / "results-2.jsonl").read_bytes()
        print(f"  --jobs 1 and --jobs 2 give the same bytes: {same}")

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    m_ratio = peak / MEMORY_TARGET
    print(f"\npeak memory: {peak:.0f} MB in the largest process (RUSAGE_CHILDREN maxrss: {children:.0f} MB)")
    print(f"  target < {MEMORY_TARGET} MB: {_verdict(peak < MEMORY_TARGET, f'{m_ratio:.2f}x the target')}")


if __name__ == "__main__":
    main()
