"""Tables shaped like widely used public data sets, generated with a seed (no downloads).

`passenger_table` mimics a well-known passenger-survival table: `?` for missing values,
people's names, ticket and cabin codes, and two columns recorded *after* the outcome (a
lifeboat for most survivors, a body number for some of the dead), the classic leak.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pandas as pd

SURNAMES = ("Allen", "Brown", "Carter", "Davies", "Evans", "Fischer", "Garcia", "Hughes", "Ivanov")
SURNAMES += ("Jensen", "Kelly", "Larsen", "Moore", "Nilsson", "Olsen", "Petrov", "Quinn", "Rossi")
GIVEN = ("Anna", "John", "Mary", "William", "Elisabeth", "Thomas", "Helen", "George", "Karl", "Ida")
TITLES = {"female": ("Miss.", "Mrs."), "male": ("Mr.", "Master.")}
BOATS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "13", "14", "15", "16", "C", "D")
PLACES = ("New York, NY", "London", "Montreal, PQ", "Paris, France", "Chicago, IL", "?")


def passenger_frame(rows: int = 1309, seed: int = 0) -> pd.DataFrame:
    """The passenger table as strings exactly as the CSV writes them ('?' for missing)."""
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    pclass = rng.choice([1, 2, 3], size=rows, p=[0.25, 0.21, 0.54])
    sex = rng.choice(["female", "male"], size=rows, p=[0.36, 0.64])
    age = np.clip(rng.normal(30, 14, size=rows), 0.42, 80).round(1)
    sibsp = rng.poisson(0.5, size=rows)
    parch = rng.poisson(0.4, size=rows)
    fare = np.round(rng.gamma(2.0, [40, 12, 6][0], size=rows) / pclass, 4)
    # survival depends on sex, class and age, as in the real table (~38% survive)
    logit = -0.6 + 2.4 * (sex == "female") - 0.9 * (pclass - 2) - 0.02 * (age - 30)
    survived = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    records = []
    for i in range(rows):
        title = pick.choice(TITLES[str(sex[i])])
        name = f"{pick.choice(SURNAMES)}, {title} {pick.choice(GIVEN)} {pick.choice(GIVEN)}"
        ticket = pick.choice(["", "PC ", "A/5 ", "STON/O2. ", "C.A. "]) + str(
            rng.integers(1000, 400000)
        )
        cabin = (
            f"{pick.choice('ABCDEF')}{rng.integers(1, 130)}"
            if pclass[i] == 1 or rng.random() < 0.08
            else "?"
        )
        # recorded after the outcome: a lifeboat for ~96% of survivors (and a few others),
        # a body number for ~15% of those who died
        lived = survived[i] == 1
        boat = pick.choice(BOATS) if rng.random() < (0.96 if lived else 0.015) else "?"
        body = str(rng.integers(1, 330)) if not lived and rng.random() < 0.15 else "?"
        records.append(
            {
                "pclass": str(pclass[i]),
                "survived": str(survived[i]),
                "name": name,
                "sex": str(sex[i]),
                "age": "?" if rng.random() < 0.2 else f"{age[i]:g}",
                "sibsp": str(sibsp[i]),
                "parch": str(parch[i]),
                "ticket": ticket,
                "fare": "?" if rng.random() < 0.002 else f"{fare[i]:g}",
                "cabin": cabin,
                "embarked": "?" if rng.random() < 0.002 else pick.choice("SSSSSCCQ"),
                "boat": boat,
                "body": body,
                "home.dest": pick.choice(PLACES),
            }
        )
    return pd.DataFrame(records)


def passenger_csv(rows: int = 1309, seed: int = 0) -> str:
    """The passenger table as CSV text."""
    out = io.StringIO()
    passenger_frame(rows, seed).to_csv(out, index=False)
    return out.getvalue()
