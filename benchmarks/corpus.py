"""A synthetic, deterministic corpus of news-like diplomacy articles.

Articles are written from templates of our own and the package gazetteers (actors,
countries, agreements, places): 300-800 words each, with about 10-30 extractable facts
(accessions, statements, meetings, offices, candidates, visits). No downloaded data.

    python benchmarks/corpus.py N OUTDIR      # writes OUTDIR/article-00000.txt ...

>>> name, text = next(generate_corpus(1))
>>> name, 300 <= len(text.split()) <= 800
('article-00000', True)
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

from accordgraph.extract.gazetteers import load_gazetteers

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "June", "September", "November"]
QUOTES = [
    "This is a historic day for our region and for peace",
    "We are ready to take the next step, and we will not wait for others",
    "Our people want trade, tourism and security, not endless conflict",
    "The door is open to every nation that chooses cooperation over confrontation",
    "We have worked for months on this agreement and it will bring prosperity",
    "Nobody believed this was possible a year ago. Today it is real",
    "We will judge this process by its results, not by its ceremonies",
]
FILLER = [
    "Analysts said the region had changed a great deal over the past five years, with trade routes and"
    " energy markets pulling governments in new directions.",
    "The talks covered investment, aviation, water and technology, according to a readout published after"
    " the session.",
    "Critics of the process argue that it sets aside older disputes that remain unresolved and that public"
    " opinion in several capitals is still divided.",
    "Officials described the atmosphere as constructive, though several questions about timing and"
    " sequencing were left for a later round.",
    "Economic ties have grown steadily, and direct flights between the capitals are expected to begin"
    " within months.",
    "Diplomats from neighbouring states followed the discussions closely, and some of them attended the"
    " ceremony as observers.",
    "The announcement came after weeks of quiet contacts between delegations that met in several cities.",
    "Markets reacted calmly to the news, and local business groups welcomed the prospect of new contracts.",
]


def _actors_by_country() -> dict[str, list]:
    out: dict[str, list] = {}
    for actor in load_gazetteers().actors:
        if len(actor.name.split()) >= 2:
            out.setdefault(actor.country, []).append(actor)
    return out


def _demonym(code: str) -> str:
    g = load_gazetteers()
    forms = sorted(f for f, c in g.country_by_name.items() if c == code and f in g.demonyms)
    return forms[0] if forms else g.country_names[code]


def _capital(code: str) -> str | None:
    g = load_gazetteers()
    for name, (c, kind) in sorted(g.places.items()):
        if c == code and kind == "capital":
            return name
    return None


MEMBERS = 6  # countries that ever join one agreement: accessions are rare, reports repeat them


def _members(agreement: str, countries: list[str]) -> list[str]:
    """The same few members of ``agreement`` in every article (a string seed is not hashed
    with the per-process salt), so the other countries stay candidates however large the corpus."""
    return random.Random(f"members of {agreement}").sample(countries, MEMBERS)


def _article(rng: random.Random) -> str:
    g = load_gazetteers()
    by_country = _actors_by_country()
    countries = sorted(c for c in by_country if _capital(c))
    agreement = rng.choice(sorted(set(g.agreement_by_alias.values())))
    members = _members(agreement, countries)
    joiner = rng.choice(members)
    host_country = rng.choice([c for c in countries if c != joiner])
    others = rng.sample([c for c in countries if c not in members and c != host_country], 4)
    leader = rng.choice(by_country[joiner])
    host = rng.choice(by_country[host_country])
    third = rng.choice(by_country[others[0]])
    candidates = [g.country_names[c] for c in others[1:4]]
    day = rng.choice(DAYS)

    def titled(actor) -> str:
        return f"{_demonym(actor.country)} {actor.office} {actor.name}"

    def surname(actor) -> str:
        return actor.name.split()[-1]

    paragraphs = [
        f"{g.country_names[joiner]} joins the {agreement} after talks in {_capital(host_country)}",
        f"{g.country_names[joiner]} joined the {agreement} on {day}, {titled(leader)} said, after a meeting"
        f" with {titled(host)} in {_capital(host_country)}.",
        f'"{rng.choice(QUOTES)}," {surname(leader)} told reporters. "{rng.choice(QUOTES)}."',
        rng.choice(FILLER),
        f"{titled(host)} hosted {surname(leader)} at a dinner later that evening and said the two"
        f" governments would open embassies.",
        f"{titled(third)} said {candidates[0]}, {candidates[1]} and {candidates[2]} were likely candidates to"
        f" join the {agreement} next.",
        rng.choice(FILLER),
        f'"{rng.choice(QUOTES)}," {surname(third)} added.',
        f"{surname(host)} also spoke by phone with {titled(third)}, officials said.",
        f"{surname(third)}'s scheduled visit to {g.country_names[host_country]} in {rng.choice(MONTHS)}"
        " will be the first by a senior official in a decade.",
    ]
    for _ in range(rng.randint(2, 9)):
        paragraphs.append(" ".join(rng.sample(FILLER, 3)))
        speaker = rng.choice([leader, host, third])
        paragraphs.append(f'"{rng.choice(QUOTES)}," {surname(speaker)} said.')
    return "\n".join(paragraphs) + "\n"


def generate_corpus(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """``n`` articles as (name, text), the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        text = _article(rng)
        while len(text.split()) < 300:
            text += " ".join(rng.sample(FILLER, 3)) + "\n"
        words = text.split("\n")
        while len(text.split()) > 800 and len(words) > 12:
            words.pop(-2)
            text = "\n".join(words)
        yield f"article-{i:05d}", text


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit():
        print("usage: python benchmarks/corpus.py N OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, text in generate_corpus(int(argv[1])):
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        count += 1
    print(f"wrote {count} articles to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
