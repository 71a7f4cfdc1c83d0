"""meetupstats.arrays: the small array helpers."""

from __future__ import annotations

import numpy as np

from meetupstats.arrays import repeated


def test_repeated_holds_the_value_itself_in_every_cell() -> None:
    text = "".join(["link", "edin"])  # not an interned literal
    out = repeated(text, 3)
    assert out.dtype == object and out.tolist() == ["linkedin"] * 3
    assert all(cell is text for cell in out)
    assert repeated(None, 2).tolist() == [None, None]
    assert repeated("", 0).shape == (0,)
    # what np.full gives (which makes a new string per cell)
    assert np.array_equal(out, np.full(3, text, dtype=object))
