"""Ingest into a real ``oxigraph serve`` on 127.0.0.1: throughput, and HTTP requests per article.

The server binary comes with the ``oxigraph`` package (``pip install 'accordgraph[test]'``).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def oxigraph_binary() -> str:
    local = Path(sys.prefix) / "bin" / "oxigraph"
    found = str(local) if local.is_file() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server binary is missing: pip install 'accordgraph[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free local port with its store in ``location``; yield its URL."""
    port = _free_port()
    log = (location.parent / f"{location.name}.log").open("wb")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph server did not start (log: {log.name})") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def requests_per_article(url: str, files: list[Path]) -> dict[str, float]:
    """Ingest ``files`` in this process, counting the HTTP requests by kind (per article)."""
    from accordgraph.ingest import ingest_paths
    from accordgraph.store import RemoteStore

    counts = {"query": 0, "update": 0}

    class CountingStore(RemoteStore):
        def _post(self, url, body, content_type, accept, timeout):  # type: ignore[override]
            counts["update" if "update" in content_type else "query"] += 1
            return super()._post(url, body, content_type, accept, timeout)

    ingest_paths(CountingStore(url), files)
    return {kind: n / len(files) for kind, n in counts.items()}
