"""Synthetic news-like articles for the crash and concurrency tests (our own sentences).

Each article is different (its number is in the text, so its content hash differs),
deterministic for a given seed, and has a few facts of each kind for the extractor.
Load it from a test with ``load_synthetic()`` in the test module (tests/ is not a package).
"""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = [
    ("Kazakhstani", "President", "Kassym-Jomart Tokayev"),
    ("Israeli", "Prime Minister", "Benjamin Netanyahu"),
    ("Moroccan", "Foreign Minister", "Nasser Bourita"),
    ("Emirati", "President", "Mohamed bin Zayed"),
    ("Bahraini", "King", "Hamad bin Isa Al Khalifa"),
    ("Azerbaijani", "President", "Ilham Aliyev"),
    ("Saudi", "Crown Prince", "Mohammed bin Salman"),
    ("Egyptian", "President", "Abdel Fattah el-Sisi"),
]
COUNTRIES = ["Saudi Arabia", "Azerbaijan", "Indonesia", "Oman", "Mauritania", "Armenia", "Pakistan", "Qatar"]
AGREEMENTS = ["Abraham Accords", "NATO", "BRICS"]
TOPICS = ["trade corridors", "water security", "rail links", "energy prices", "grain exports", "air routes"]
QUOTES = [
    "We are ready to open a new chapter",
    "Peace is built one agreement at a time",
    "Our people want cooperation, not conflict",
    "This is a historic day for the region",
    "The door remains open to every nation",
]


def article_text(number: int, seed: int = 0) -> str:
    rng = random.Random(seed * 100_003 + number)
    (dem1, title1, name1), (dem2, title2, name2) = rng.sample(PEOPLE, 2)
    country, other = rng.sample(COUNTRIES, 2)
    agreement = rng.choice(AGREEMENTS)
    topic, topic2 = rng.sample(TOPICS, 2)
    quote = rng.choice(QUOTES)
    surname1 = name1.split()[-1]
    paragraphs = [
        f"Dispatch {number}: {dem1} {title1} {name1} met {dem2} {title2} {name2} on Tuesday"
        f" to discuss {topic} and the {agreement}.",
        f'"{quote}," {name1} said after the talks. {surname1} said that {country} could join'
        f" the {agreement} within months.",
        f"{name2} told reporters that {other} was also considering joining the {agreement}."
        f" The two delegations agreed to meet again to review {topic2}.",
        f"{name1} will visit {other} next month, officials said. Analysts noted that report"
        f" number {number} of this series covers {topic2} in detail.",
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(directory: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` articles as ``article-0000.txt``... into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(n):
        path = directory / f"article-{number:04d}.txt"
        path.write_text(article_text(number, seed), encoding="utf-8")
        paths.append(path)
    return paths
