"""Measuring tools for the benchmark suite: wall time, peak memory of a process tree, disk size.

>>> f"{median_seconds(lambda: sum(range(10)), runs=3):.1f}"
'0.0'
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


def median_seconds(action: Callable[[], Any], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``runs`` calls of ``action`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """``(seconds, result)`` of one call."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


@dataclass
class CommandRun:
    """A finished command: its wall time, output and memory high-water marks (bytes)."""

    seconds: float
    stdout: str
    stderr: str
    returncode: int
    peak_main: int  # the command's own process
    peak_children: int  # the largest of its child processes (workers)
    peak_total: int  # the whole tree at its fullest (sampled)
    trail: list[tuple[float, int]]  # (seconds since start, RSS of the command's own process)

    def peak_main_by_quarter(self) -> list[int]:
        """The command's own peak RSS in each quarter of its run: flat when memory does not grow."""
        end = self.trail[-1][0] if self.trail else 0.0
        quarters = [0, 0, 0, 0]
        for at, rss in self.trail:
            index = min(3, int(4 * at / end)) if end else 3
            quarters[index] = max(quarters[index], rss)
        return quarters


class _TreeSampler(threading.Thread):
    """Samples the RSS of a process and its descendants every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_main = self.peak_children = self.peak_total = 0
        self.trail: list[tuple[float, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        start = time.perf_counter()
        while not self.done.is_set():
            try:
                main = root.memory_info().rss
                children = []
                for child in root.children(recursive=True):
                    with contextlib.suppress(psutil.NoSuchProcess):
                        children.append(child.memory_info().rss)
            except psutil.NoSuchProcess:
                return
            self.peak_main = max(self.peak_main, main)
            self.trail.append((time.perf_counter() - start, main))
            self.peak_children = max(self.peak_children, *children, 0)
            self.peak_total = max(self.peak_total, main + sum(children))
            time.sleep(self.interval)


def run_command(
    args: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 3600
) -> CommandRun:
    """Run a command, sampling its process tree's memory; raise if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    sampler = _TreeSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise
    finally:
        sampler.done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}): {stderr.strip()[-2000:]}")
    return CommandRun(
        seconds,
        stdout,
        stderr,
        process.returncode,
        sampler.peak_main,
        sampler.peak_children,
        sampler.peak_total,
        sampler.trail,
    )


def _kill_tree(process: subprocess.Popen) -> None:
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        for child in psutil.Process(process.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
    process.kill()
    process.communicate()


def dir_size(path: str | Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def human_bytes(n: float) -> str:
    """``1536`` -> ``'1.5 KiB'``.

    >>> human_bytes(3 * MIB)
    '3.0 MiB'
    """
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def machine_info() -> dict[str, str]:
    """What the numbers were measured on."""
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        import psutil

        memory = human_bytes(psutil.virtual_memory().total)
    except ImportError:
        pass
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
    }
