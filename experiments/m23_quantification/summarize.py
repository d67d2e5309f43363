"""rule.md's figures from the four 10-seed outputs: median error (true elements given) and spectra within 10 %."""

import re
from pathlib import Path

import numpy as np

here = Path(__file__).parent
for lines in ("lines", "nolines"):
    for arm in ("before10", "after10"):
        text = (here / f"{arm}_{lines}.txt").read_text()
        given = np.array([float(x) for x in re.findall(r"\(\s*([\d.]+)%\)\s*$", text, re.M)]) / 100
        print(f"{lines:8s} {arm:9s} n={given.size} median {np.median(given):.2%} within 10 % {np.sum(given <= 0.10)}"
              f" max {given.max():.1%}")
