"""Extraction throughput, in words per second on one core.

    python benchmarks/bench_extract.py [N]     # N synthetic articles (default 1000)

The corpus comes from benchmarks/corpus.py (deterministic, no downloaded data). The
pipeline is built once before timing, as it is once per process in real use. Times are
CPU time of this process (steady on a busy machine); wall time is shown beside them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accordgraph.extract import extract_text
from accordgraph.extract.pipeline import load_pipeline
from corpus import generate_corpus


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 1000
    articles = [text for _, text in generate_corpus(n)]
    words = sum(len(text.split()) for text in articles)
    extract_text("Kazakhstan joined the Abraham Accords.")  # build the pipeline once
    wall, cpu = time.perf_counter(), time.process_time()
    facts = sum(len(extract_text(text)) for text in articles)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    nlp = load_pipeline().nlp
    tok_cpu = time.process_time()
    for text in articles:
        nlp.make_doc(text)
    tok_cpu = time.process_time() - tok_cpu
    print(
        f"{n} articles, {words:,} words, {facts:,} facts in {cpu:.2f} s CPU ({wall:.2f} s wall):"
        f" {words / cpu:,.0f} words/s, {n / cpu:,.1f} articles/s on one core"
        f" (spaCy's tokenizer alone: {words / tok_cpu:,.0f} words/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
