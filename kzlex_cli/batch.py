"""`kzlex batch`: many scenarios in, one JSON line per scenario out, in input order.

Results go to stdout (or --out, written atomically); everything for a human (bad records, the
progress bar, the summary) goes to stderr, so `kzlex batch in.jsonl > out.jsonl` leaves nothing
but results in the file. With --jobs N the records are cut into chunks and evaluated by N
worker processes (durable_rules allows one host per process, and threads would only contend
for its lock); each worker compiles the rules once, and the chunks come back in order, so the
bytes are the same as with --jobs 1.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer

from engine.features.batch import SCENARIO_SUFFIXES, RecordOutcome, Runner, Task, read_lines, scenario_files
from engine.model.errors import EngineError, ExitCode, InputError, KnowledgeBaseError, KzlexError
from kzlex_cli.common import (
    BatchCollection,
    Terminated,
    atomic_write,
    err_console,
    fail,
    get_engine,
    guarded,
    print_error,
    scenario_from_data,
    settings,
    stdin_once,
    stopped,
    today,
)

CHUNK = 64  # records per task sent to a worker: large enough to amortise the pickling
WINDOW = 4  # chunks in flight per worker: keeps workers busy while bounding memory

_RUNNER: Runner | None = None  # one per process, built by the first chunk it sees
_WORKER_COLLECTION: BatchCollection | None = None  # a worker's collector, for the worker's life
_EXECUTOR: ProcessPoolExecutor | None = None  # the worker pool of a --jobs run, while it runs


def _runner(day: dt.date) -> Runner:
    global _RUNNER
    if _RUNNER is None:
        from engine.reasoning.evaluate import evaluate

        eng = get_engine()  # compiled once per process (cached)
        _RUNNER = Runner(lambda s: evaluate(eng, s, today=day), scenario_from_data)
    return _RUNNER


def _work(chunk: list[Task], day: dt.date) -> list[RecordOutcome] | tuple[str, str]:
    """Evaluate a chunk in a worker; a knowledge base that does not load comes back as a value."""
    global _WORKER_COLLECTION
    try:
        runner = _runner(day)
    except KzlexError as exc:
        return (type(exc).__name__, str(exc))
    if _WORKER_COLLECTION is None:  # the process is the pool's: the collector is never given back
        _WORKER_COLLECTION = BatchCollection()
    outcomes = runner.run_all(chunk)
    _WORKER_COLLECTION.done(len(chunk))
    return outcomes


def _fatal(kind: str, message: str) -> KzlexError:
    cls = {"KnowledgeBaseError": KnowledgeBaseError, "EngineError": EngineError}.get(kind, InputError)
    return cls(message)


def _inputs(paths: list[str]) -> tuple[list[tuple[str, Path | None]], int | None]:
    """Check every input before the first record is read (misuse exits 2 with nothing written).

    Returns (kind, path) pairs and the number of records when it can be known cheaply.
    """
    out: list[tuple[str, Path | None]] = []
    total: int | None = 0
    stdin_once(paths)
    for raw in paths:
        if raw == "-":
            out.append(("stdin", None))
            total = None
            continue
        path = Path(raw)
        if path.is_dir():
            files = scenario_files(path)
            if not files:
                raise InputError(
                    f"{path}: holds no scenario files ({', '.join(SCENARIO_SUFFIXES)}); "
                    "give a folder of scenarios or a .jsonl file"
                )
            out.extend(("file", f) for f in files)
            total = None if total is None else total + len(files)
        elif path.is_file():
            if not os.access(path, os.R_OK):
                raise InputError(f"{path}: permission denied; check the file's permissions")
            if path.suffix.lower() == ".jsonl":
                out.append(("jsonl", path))
                total = None if total is None else total + _count_lines(path)
            elif path.suffix.lower() in SCENARIO_SUFFIXES:
                out.append(("file", path))
                total = None if total is None else total + 1
            else:
                raise InputError(
                    f"{path}: not a scenario input; give a folder of .yaml/.yml/.json files, "
                    "a .jsonl file (one scenario a line), or - for JSON Lines on standard input"
                )
        elif path.exists():
            raise InputError(f"{path}: neither a file nor a folder")
        else:
            raise InputError(f"{path}: no such file or folder; check the path")
    return out, total


def _not_an_input(out: Path, inputs: list[tuple[str, Path | None]]) -> None:
    """--out naming an input would replace the records with their results before all are read."""
    target = os.path.realpath(out.expanduser())
    for _kind, path in inputs:
        if path is not None and os.path.realpath(path) == target:
            raise InputError(f"--out {out}: is also an input; write the results to another file")


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _tasks(inputs: list[tuple[str, Path | None]]) -> Generator[Task, None, None]:
    for kind, path in inputs:
        if kind == "file":
            assert path is not None
            yield Task(str(path), path=str(path))
        elif kind == "jsonl":
            assert path is not None
            with path.open("rb") as handle:
                yield from read_lines(handle, str(path))
        else:
            yield from read_lines(sys.stdin.buffer, "<stdin>")


def _chunks(tasks: Iterator[Task]) -> Generator[list[Task], None, None]:
    while chunk := list(itertools.islice(tasks, CHUNK)):
        yield chunk


def _results(chunks: Iterator[list[Task]], jobs: int, day: dt.date) -> Generator[list[RecordOutcome], None, None]:
    """Each chunk's outcomes, in input order, evaluated here or by `jobs` worker processes."""
    if jobs == 1:
        runner = _runner(day)
        collection = BatchCollection()
        try:
            for chunk in chunks:
                yield runner.run_all(chunk)
                collection.done(len(chunk))
        finally:
            collection.close()
        return
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # forkserver: workers fork from a clean server that has imported kzlex once, never from this
    # process (whose progress-bar thread a fork would copy mid-flight); spawn where it is missing.
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["kzlex_cli.batch"])
    global _EXECUTOR
    # After a stop (`_abandon`) the resource tracker, a helper process that shares our stderr,
    # unlinks the pool's semaphores as it should, but also warns about them; the warning is noise
    # to a user who pressed Ctrl-C. It inherits this filter when the pool starts it.
    quiet = "ignore:resource_tracker:UserWarning"
    filters = os.environ.get("PYTHONWARNINGS", "")
    if quiet not in filters.split(","):  # once, however many batches a process runs
        os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [filters, quiet]))
    executor = _EXECUTOR = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    pending: deque[Future[list[RecordOutcome] | tuple[str, str]]] = deque()
    try:
        for chunk in chunks:
            with _signals_deferred():  # a submit may be starting a worker: never stop it halfway
                pending.append(executor.submit(_work, chunk, day))
            if len(pending) >= jobs * WINDOW:
                yield _checked(pending.popleft().result())
        while pending:
            yield _checked(pending.popleft().result())
    except (KeyboardInterrupt, Terminated):
        raise  # the pool may be mid-operation: `batch` ends the process without waiting on it
    except BaseException:  # a fatal record, the consumer gone: the workers are sound, stop them
        executor.shutdown(wait=True, cancel_futures=True)
        _EXECUTOR = None
        raise
    executor.shutdown(wait=True)
    _EXECUTOR = None


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends. Threads started inside (the pool's own)
    inherit the mask and keep it, so later signals always reach this thread, between our steps."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: nothing to hold
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _abandon(exc: BaseException) -> NoReturn:
    """End a --jobs run stopped by Ctrl-C or SIGTERM, after its temporary file is gone.

    A signal can land inside the process pool's own bookkeeping, and any orderly shutdown then
    risks waiting for ever (a queue feeder blocked on a pipe its dead reader no longer drains, a
    join at interpreter exit); measured here: one full test run in three hung. So: say what
    happened, kill the workers, and leave at once.
    """
    message, code = stopped(exc)
    fail(message, code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if _EXECUTOR is not None:
        for worker in list((getattr(_EXECUTOR, "_processes", None) or {}).values()):  # no public API before 3.14
            worker.kill()
    os._exit(int(code))


def _checked(done: list[RecordOutcome] | tuple[str, str]) -> list[RecordOutcome]:
    if isinstance(done, tuple):
        raise _fatal(*done)
    return done


@guarded
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders of scenario files (.yaml, .yml, .json), JSON Lines files (.jsonl, one scenario a line), "
            "or - for JSON Lines on standard input.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the results here (atomically) instead of to standard output."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes; the output is the same for any N.")
    ] = 1,
) -> None:
    """Evaluate many scenarios: one JSON result per input, in input order, bad records reported and skipped.

    \b
    Examples:
      kzlex batch scenarios/precedents > results.jsonl
      kzlex batch scenarios scenarios/precedents --jobs 4 --out results.jsonl
      kzlex -q batch scenarios/precedents -o results.jsonl
      cat many.jsonl | kzlex batch -
    """
    inputs, total = _inputs(paths)
    if out is not None:
        _not_an_input(out, inputs)
    day = today()
    started = time.perf_counter()
    ok = failed = bugs = 0
    try:
        with ExitStack() as stack:
            sink: IO[str] = stack.enter_context(atomic_write(out)) if out is not None else sys.stdout
            progress = _progress(stack)
            task_id = progress.add_task("evaluating", total=total) if progress is not None else None
            # Each stage closed however the loop ends, last first: the workers stop, then the input
            # files close (not whenever the collector finds them, were an error to hold them).
            tasks = _tasks(inputs)
            stack.callback(tasks.close)
            chunks = _chunks(tasks)
            stack.callback(chunks.close)
            results = _results(chunks, jobs, day)
            stack.callback(results.close)
            for outcomes in results:
                for outcome in outcomes:
                    sink.write(outcome.line)
                    if outcome.ok:
                        ok += 1
                    else:
                        failed += 1
                        bugs += outcome.bug
                        print_error(outcome.error or "")
                if progress is not None and task_id is not None:
                    progress.advance(task_id, len(outcomes))
            sink.flush()
    except (KeyboardInterrupt, Terminated) as exc:
        if _EXECUTOR is not None:  # the temporary file is gone by now (the with block has ended)
            _abandon(exc)
        raise
    elapsed = time.perf_counter() - started
    rate = (ok + failed) / elapsed if elapsed > 0 else 0.0
    if not settings.quiet:  # the summary is a note; bad records were reported as errors above
        err_console.print(
            f"evaluated {ok:,}, failed {failed:,}, in {elapsed:.1f} s ({rate:,.0f} records/s)"
            + (f"; results in {out}" if out is not None else ""),
            markup=False,
        )
    if bugs:
        raise typer.Exit(int(ExitCode.INTERNAL))  # every record is still written; a bug must not pass as bad input
    if failed:
        raise typer.Exit(int(ExitCode.SOME_FAILED))


def _progress(stack: ExitStack) -> Any:
    """A progress bar on stderr when it is a terminal; nothing at all otherwise."""
    if settings.quiet or not err_console.is_terminal:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return stack.enter_context(
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console.get(),
            transient=True,
        )
    )
