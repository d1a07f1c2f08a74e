"""Short synthetic news articles for tests that need many files (no corpus needed)."""
from __future__ import annotations

import random

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Joe Biden", "Narendra Modi", "Jacinda Ardern",
          "Justin Trudeau", "Rishi Sunak", "Fumio Kishida", "Luiz Inacio Lula da Silva"]
PLACES = ["Berlin", "Paris", "Washington", "New Delhi", "Tokyo", "Ottawa", "London", "Brasilia"]
TEMPLATES = [
    "{a} met {b} in {place} on Monday. {a_last} said trade between the two countries reached ${x} billion last year.",
    "{a} held talks with {b} in {place}. More than {n} officials attended, and {b_last} promised {y} percent growth.",
    "In {place}, {a} announced {n},000 new jobs. {a_last} told reporters that {z} million tonnes of grain would ship.",
]


def articles(count: int, seed: int = 0, start: int = 0) -> dict[str, str]:
    rng = random.Random(seed)
    texts = {}
    for i in range(start, start + count):
        a, b = rng.sample(PEOPLE, 2)
        body = " ".join(
            rng.choice(TEMPLATES).format(a=a, b=b, a_last=a.split()[-1], b_last=b.split()[-1],
                                         place=rng.choice(PLACES), x=rng.randint(2, 900) / 10,
                                         n=rng.randint(2, 90), y=rng.randint(1, 40) / 10, z=rng.randint(2, 50))
            for _ in range(rng.randint(2, 5))
        )
        texts[f"synthetic-{i:05}.txt"] = f" date 2023-{1 + i % 12:02}-{1 + i % 28:02} Story {i}\n{body}\n"
    return texts
