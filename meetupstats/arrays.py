"""Small array helpers shared by the importers, the merge and the generator."""

from __future__ import annotations

import numpy as np


def repeated(value: object, n: int) -> np.ndarray:
    """An object array of ``n`` cells, each holding ``value`` itself.

    ``np.full(n, "text", dtype=object)`` makes a new string for every cell
    (it converts the text to a fixed-width string array first): 20 times
    slower for 100,000 cells, and no cell shares the others' cached hash.
    """
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out
