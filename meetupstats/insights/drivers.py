"""Which event features go with a higher return — and whether that is more than chance.

The question: knowing an event's format, style, access, channel, community,
your role, its duration, your travel time and its energy cost, can we predict
its **networking yield** (contacts met there and followed up within 14 days,
``contacts_followed_up`` of :func:`meetupstats.metrics.event_returns`) or its
**learning yield** (``takeaways + applied_takeaways``, its ``learning_return``)
better than by guessing your average event?

Modelling choices, and why
--------------------------
Personal logbooks hold tens of events, so the model must be simple and the
verdict honest.

- **Model**: ridge regression (``RidgeCV``, penalty chosen by efficient
  leave-one-out on the training rows among :data:`ALPHAS`) on 0/1
  category columns plus numbers median-imputed and standardized with the
  training rows' statistics (refitted in every fold). Linear effects are
  readable ("afterwork events go with +1.2 followed-up contacts"), and the
  penalty shrinks what the data cannot support towards zero.
- **Features**: ``format=…``, ``style=…``, ``access=…``, ``channel=…``,
  ``role=…`` (empty role = ``attendee``), ``community=…``, for every value
  held by at least :data:`MIN_VALUE_EVENTS` events (a value seen once or
  twice would give an anecdote, not an effect);
  ``duration_h``, ``travel_min``, ``energy_cost``. A missing category sets
  none of its columns; a feature that never varies is dropped.
- **Effects**: the coefficients of the model fitted on all events, in units
  of the target per event: for ``feature=value`` the change that goes with
  that value (every value of a category has its own column, so each is read
  against the mix of the others); for a number, the change per one standard
  deviation of it. Associations, not causes: you chose these events, and
  whatever made you choose them goes with them too.
- **Evaluation**: repeated K-fold cross-validation (``RepeatedKFold``,
  :data:`N_SPLITS` folds, ``repeats`` times with a fixed seed). On **the same
  folds** the baseline predicts each held-out event by the mean of the
  training events. Score: **mean squared error** of held-out predictions,
  in (target units)², lower is better; ``cv_score`` and ``baseline_score``
  are its averages over every held-out prediction of every repeat.
- **Signal rule**: ``signal`` is true only when the model's error is at
  least :data:`MIN_IMPROVEMENT` (10 %) below the baseline's **and** the
  model beats the baseline in at least :data:`MIN_WIN_SHARE` (80 %) of the
  repeats. A pure-noise logbook gives a model that is, on average, slightly
  *worse* than the mean (it fits noise), so both conditions together keep
  noise from showing a signal across seeds, while an effect worth acting on
  (e.g. one format giving three times the follow-ups of another) clears them
  at 60 events. Checked on 40 seeds of a 60-event noise logbook (both
  yields, 4 and 20 repeats): no false signal; and on 40 seeds of the planted
  3× afterwork effect: always found, ``format=afterwork`` on top.
- **Prediction**: for ranking, the model's prediction (clipped at 0), with
  each feature's additive contribution ``coef × (x − mean x)`` as the reason.
- **Minimum size**: fewer than :data:`MIN_EVENTS` events with a settled
  return → no model at all (five folds of four events are the least that
  says anything); the output says how many more would help.

scikit-learn is imported inside the functions that use it.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

CATEGORY_FEATURES = ("format", "style", "access", "channel", "community", "role")
NUMBER_FEATURES = ("duration_h", "travel_min", "energy_cost")
#: target name -> its unit in words (see :func:`targets` for the definitions)
TARGETS: dict[str, str] = {
    "networking": "followed-up contacts",
    "learning": "takeaways + applied takeaways",
}
MIN_EVENTS = 20
MIN_VALUE_EVENTS = 3
N_SPLITS = 5
DEFAULT_REPEATS = 20
#: Repeats of the cross-validation in the yearly report (``meetupstats report``):
#: 4 × 5 folds instead of 20 × 5, five times fewer fits. The signal rule is
#: the same and was checked at 4 repeats too (no false signal on 40 noise
#: seeds, the planted effect always found; see the module docstring and
#: tests/test_insights_drivers.py, which runs at 4). With 4 repeats, "better in
#: at least 80 % of the repeats" means better in all 4.
REPORT_REPEATS = 4
MIN_IMPROVEMENT = 0.10
MIN_WIN_SHARE = 0.8
ALPHAS = tuple(float(a) for a in np.logspace(-2, 3, 16))
MAX_EFFECTS = 12
RANDOM_STATE = 0
#: decimals kept in the JSON output (so the same logbook prints the same text)
DECIMALS = 4


def targets(events: pd.DataFrame) -> dict[str, pd.Series]:
    """The two yields of each event of an :func:`~meetupstats.metrics.event_returns` table.

    - ``networking`` — ``contacts_followed_up``: contacts met at the event
      (``met_event_id``) with a follow-up 0–14 days after ``met_on``;
    - ``learning`` — ``takeaways + applied_takeaways`` (``learning_return``).
    """
    return {
        "networking": events["contacts_followed_up"].astype("float64"),
        "learning": (events["takeaways"] + events["applied_takeaways"]).astype("float64"),
    }


@dataclass(frozen=True)
class FeatureSpace:
    """Which columns the design matrix has, learnt from the events a model is fitted on."""

    categories: tuple[tuple[str, tuple[str, ...]], ...]
    numbers: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        """Design-matrix column names: ``format=afterwork``, ..., then the numbers."""
        cols = [f"{name}={value}" for name, values in self.categories for value in values]
        return cols + list(self.numbers)

    def matrix(self, events: pd.DataFrame) -> pd.DataFrame:
        """The design matrix of ``events``: 0/1 category columns, raw numbers (NaN kept).

        A category value not in the space (a new community, say) sets no column.
        """
        out: dict[str, np.ndarray] = {}
        cats = category_values(events)
        for name, values in self.categories:
            column = cats[name]
            for value in values:
                out[f"{name}={value}"] = (column == value).to_numpy(dtype="float64")
        nums = number_values(events)
        for name in self.numbers:
            out[name] = nums[name].to_numpy(dtype="float64")
        return pd.DataFrame(out, index=events.index, columns=self.columns)


def category_values(events: pd.DataFrame) -> dict[str, pd.Series]:
    """The category features of ``events`` as text Series (missing: ``None``).

    An empty ``role`` is ``attendee`` (DESIGN.md's default).
    """
    out: dict[str, pd.Series] = {}
    for name in CATEGORY_FEATURES:
        if name in events:
            values = events[name].astype(object)
            values = values.where(values.notna(), None)
        else:
            values = pd.Series([None] * len(events), index=events.index, dtype=object)
        if name == "role":
            values = values.where(values.notna(), "attendee")
        out[name] = pd.Series(
            [v.strip() if isinstance(v, str) and v.strip() else None for v in values],
            index=events.index,
            dtype=object,
        )
    return out


def number_values(events: pd.DataFrame) -> dict[str, pd.Series]:
    """The numeric features of ``events`` as floats (missing: NaN).

    ``energy_cost`` is read from ``energy_cost`` or, in an
    :func:`~meetupstats.metrics.event_returns` table, ``energy``.
    """
    out: dict[str, pd.Series] = {}
    for name in NUMBER_FEATURES:
        source = name if name in events else ("energy" if name == "energy_cost" else None)
        if source is not None and source in events:
            out[name] = pd.Series(
                events[source].to_numpy(dtype="float64", na_value=np.nan), index=events.index
            )
        else:
            out[name] = pd.Series(np.nan, index=events.index, dtype="float64")
    return out


def feature_space(events: pd.DataFrame) -> FeatureSpace:
    """The features that vary among ``events`` (see the module docstring).

    Category values are sorted; a value needs :data:`MIN_VALUE_EVENTS`
    events to get a column (an effect read off one or two events would be
    an anecdote). A category with a single value (and
    no missing cells), or a number with fewer than two distinct values, is
    left out: it cannot tell events apart.
    """
    categories: list[tuple[str, tuple[str, ...]]] = []
    for name, column in category_values(events).items():
        counts = column.dropna().value_counts()
        counts = counts[counts >= MIN_VALUE_EVENTS]
        values = tuple(sorted(str(v) for v in counts.index))
        if not values or (len(values) == 1 and int(counts.iloc[0]) == len(column)):
            continue
        categories.append((name, values))
    numbers = tuple(
        name for name, column in number_values(events).items() if column.dropna().nunique() >= 2
    )
    return FeatureSpace(tuple(categories), numbers)


class _Model:
    """Median-impute and standardize the numbers (fitted on the training rows), ridge on top.

    The 0/1 category columns pass unchanged, so their coefficients are in
    target units; a number's coefficient is per one standard deviation.
    """

    def __init__(self, space: FeatureSpace) -> None:
        self.space = space
        self.numeric = np.array([c in space.numbers for c in space.columns], dtype=bool)
        self.medians = np.zeros(0)
        self.means = np.zeros(0)
        self.scales = np.zeros(0)
        self.center = np.zeros(0)
        self.ridge: Any = None

    def _prepare(self, X: np.ndarray) -> np.ndarray:
        out = np.array(X, dtype="float64", copy=True)
        nums = out[:, self.numeric]
        nums = np.where(np.isnan(nums), self.medians, nums)
        out[:, self.numeric] = (nums - self.means) / self.scales
        return out

    def fit(self, X: np.ndarray, y: np.ndarray) -> _Model:
        from sklearn.linear_model import RidgeCV

        nums = X[:, self.numeric]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column: median NaN
            medians = np.nanmedian(nums, axis=0) if nums.size else np.zeros(nums.shape[1])
        self.medians = np.nan_to_num(medians, nan=0.0)
        filled = np.where(np.isnan(nums), self.medians, nums)
        self.means = filled.mean(axis=0) if len(filled) else np.zeros(nums.shape[1])
        scales = filled.std(axis=0) if len(filled) else np.ones(nums.shape[1])
        self.scales = np.where(scales > 0, scales, 1.0)
        prepared = self._prepare(X)
        self.center = prepared.mean(axis=0) if len(prepared) else np.zeros(X.shape[1])
        self.ridge = RidgeCV(alphas=ALPHAS).fit(prepared, y)
        return self

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and column: ``coef × (x − training mean of x)`` (prepared scale).

        A row's contributions sum to its prediction minus the mean training
        prediction, which for a ridge with intercept is the training mean of
        ``y``: they say how each feature moves the event away from your average.
        """
        return (self._prepare(X) - self.center) * self.coef

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.ridge.predict(self._prepare(X)), dtype="float64")

    @property
    def coef(self) -> np.ndarray:
        return np.asarray(self.ridge.coef_, dtype="float64")


@dataclass(frozen=True)
class DriverResult:
    """What drives one yield, with the evidence for it.

    ``cv_score`` and ``baseline_score`` are mean squared errors of held-out
    predictions (lower is better), on the same folds; ``None`` when no
    cross-validation was run. ``effects`` is empty unless ``signal``.
    """

    target: str
    signal: bool
    n: int
    cv_score: float | None
    baseline_score: float | None
    effects: tuple[tuple[str, float], ...]
    explanation: str
    wins: int = 0
    repeats: int = 0
    mean_target: float | None = None
    #: numbers only: the standard deviation an effect is "per", in the feature's units
    scales: dict[str, float] = field(default_factory=dict)
    #: every coefficient of the fitted model (``effects`` keeps the largest)
    coefficients: dict[str, float] = field(default_factory=dict)
    #: the fitted model and its feature space (``None`` without signal)
    model: Any = field(default=None, compare=False, repr=False)
    space: FeatureSpace | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The ``D`` object of DESIGN.md: signal, n, cv_score, baseline_score, effects."""
        return {
            "signal": bool(self.signal),
            "n": int(self.n),
            "cv_score": _rounded(self.cv_score),
            "baseline_score": _rounded(self.baseline_score),
            "effects": [
                {"feature": name, "effect": _rounded(effect)} for name, effect in self.effects
            ],
        }

    def contributions(self, events: pd.DataFrame) -> pd.DataFrame:
        """How each feature moves each event's prediction away from your average.

        One column per feature (``format``, ``channel``, ..., ``duration_h``):
        the sum over its design-matrix columns of ``coef × (x − mean x)``.
        Each row sums to ``prediction − mean_target``.
        """
        if self.model is None or self.space is None:
            raise ValueError("no fitted model: the drivers showed no signal")
        per_column = self.model.contributions(self.space.matrix(events).to_numpy(dtype="float64"))
        groups = [c.split("=", 1)[0] for c in self.space.columns]
        frame = pd.DataFrame(per_column, columns=groups, index=events.index)
        return frame.T.groupby(level=0, sort=False).sum().T

    def predict(self, events: pd.DataFrame) -> np.ndarray:
        """Expected yield of ``events`` (a frame with events.csv columns) from the fitted model."""
        if self.model is None or self.space is None:
            raise ValueError("no fitted model: the drivers showed no signal")
        return np.asarray(
            self.model.predict(self.space.matrix(events).to_numpy(dtype="float64")),
            dtype="float64",
        )


def _rounded(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), DECIMALS) + 0.0


def cross_validate(
    X: pd.DataFrame,
    y: np.ndarray,
    space: FeatureSpace,
    *,
    repeats: int = DEFAULT_REPEATS,
    n_splits: int = N_SPLITS,
    random_state: int = RANDOM_STATE,
) -> tuple[np.ndarray, np.ndarray]:
    """Held-out mean squared error of the model and of the mean baseline, per repeat.

    Both are scored on the same ``RepeatedKFold`` folds: for each fold the
    model is fitted on the training rows, the baseline is the training rows'
    mean, and both predict the held-out rows. Returns two arrays of length
    ``repeats`` (the MSE over all rows of that repeat).
    """
    from sklearn.model_selection import RepeatedKFold
    from threadpoolctl import threadpool_limits

    n = len(y)
    matrix = X.to_numpy(dtype="float64")
    model_se = np.zeros((repeats, n))
    base_se = np.zeros((repeats, n))
    splitter = RepeatedKFold(n_splits=n_splits, n_repeats=repeats, random_state=random_state)
    # Hundreds of fits on tiny matrices: a threaded BLAS only adds contention
    # (8x slower on a busy 2-core machine, benchmarks/RESULTS.md).
    with threadpool_limits(limits=1, user_api="blas"):
        for i, (train, test) in enumerate(splitter.split(matrix)):
            r = i // n_splits
            fitted = _Model(space).fit(matrix[train], y[train])
            model_se[r, test] = (fitted.predict(matrix[test]) - y[test]) ** 2
            base_se[r, test] = (y[train].mean() - y[test]) ** 2
    return model_se.mean(axis=1), base_se.mean(axis=1)


def has_signal(model_mse: np.ndarray, baseline_mse: np.ndarray) -> bool:
    """The signal rule: ≥ 10 % lower mean error than the baseline and better in ≥ 80 % of repeats."""
    if not len(model_mse):
        return False
    model, base = float(model_mse.mean()), float(baseline_mse.mean())
    wins = int((model_mse < baseline_mse).sum())
    return (
        base > 0
        and model <= (1.0 - MIN_IMPROVEMENT) * base
        and wins >= math.ceil(MIN_WIN_SHARE * len(model_mse))
    )


def drivers(
    events: pd.DataFrame,
    target: str,
    *,
    repeats: int = DEFAULT_REPEATS,
    random_state: int = RANDOM_STATE,
) -> DriverResult:
    """What goes with a higher ``target`` yield (``"networking"`` or ``"learning"``).

    Parameters
    ----------
    events : DataFrame
        One row per attended event whose return is settled, with the columns
        of :func:`~meetupstats.metrics.event_returns` (``energy`` is read as
        ``energy_cost``) plus ``duration_h`` and ``travel_min``.
    target : {"networking", "learning"}
        See :func:`targets`.
    repeats : int
        How many times the K-fold cross-validation is repeated.

    Returns
    -------
    DriverResult
        Never raises on a small or uniform logbook: ``signal`` is false and
        ``explanation`` says why.
    """
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r} (expected one of {', '.join(TARGETS)})")
    unit = TARGETS[target]
    y = targets(events)[target].to_numpy(dtype="float64") if len(events) else np.zeros(0)
    n = len(y)
    mean = float(y.mean()) if n else None

    def no_signal(why: str, **scores: Any) -> DriverResult:
        fields: dict[str, Any] = {"cv_score": None, "baseline_score": None, **scores}
        return DriverResult(
            target, False, n, effects=(), explanation=why, mean_target=mean, **fields
        )

    if n < MIN_EVENTS:
        more = MIN_EVENTS - n
        return no_signal(
            f"Not enough data: {n} event{'s' if n != 1 else ''} with a settled return; "
            f"at least {MIN_EVENTS} are needed before a pattern in {unit} can be told "
            f"apart from chance ({more} more)."
        )
    if float(np.ptp(y)) == 0.0:
        return no_signal(
            f"Every one of the {n} events gave {fmt(y[0])} {unit}: there is nothing to explain."
        )
    space = feature_space(events)
    if not space.columns:
        return no_signal(
            f"All {n} events look alike (same format, style, channel, ... and no numbers "
            "that vary): nothing to compare."
        )
    X = space.matrix(events)
    model_mse, base_mse = cross_validate(
        X, y, space, repeats=repeats, n_splits=N_SPLITS, random_state=random_state
    )
    cv_score, baseline_score = float(model_mse.mean()), float(base_mse.mean())
    wins = int((model_mse < base_mse).sum())
    scores = {
        "cv_score": cv_score,
        "baseline_score": baseline_score,
        "wins": wins,
        "repeats": repeats,
    }
    log.debug(
        "drivers %s: n=%d mse=%.4f baseline=%.4f wins=%d/%d",
        target,
        n,
        cv_score,
        baseline_score,
        wins,
        repeats,
    )
    if not has_signal(model_mse, base_mse):
        better = (1.0 - cv_score / baseline_score) * 100 if baseline_score > 0 else 0.0
        return no_signal(
            f"Not enough data for a pattern: with {n} events, what the events were like does not "
            f"predict their {unit} better than your average does (held-out error "
            f"{fmt(cv_score)} vs {fmt(baseline_score)} for the average, "
            f"{'better' if better > 0 else 'worse'} by {abs(better):.0f}%; better in {wins} of "
            f"{repeats} repeats; a signal needs {MIN_IMPROVEMENT:.0%} and "
            f"{MIN_WIN_SHARE:.0%}). If a pattern is there it is too weak for {n} events to show; "
            f"keep logging: about {2 * n} events would reveal one about 30% weaker than "
            f"{n} can.",
            **scores,
        )
    model = _Model(space).fit(X.to_numpy(dtype="float64"), y)
    scales = {name: float(scale) for name, scale in zip(space.numbers, model.scales, strict=True)}
    effects = _sorted_effects(list(space.columns), model.coef)
    coefficients = {name: float(c) for name, c in zip(space.columns, model.coef, strict=True)}
    return DriverResult(
        target,
        True,
        n,
        cv_score,
        baseline_score,
        effects,
        explanation=(
            f"With {n} events the model predicts {unit} {1 - cv_score / baseline_score:.0%} "
            f"better than your average (held-out error {fmt(cv_score)} vs {fmt(baseline_score)}; "
            f"better in {wins} of {repeats} repeats)."
        ),
        wins=wins,
        repeats=repeats,
        mean_target=mean,
        scales=scales,
        coefficients=coefficients,
        model=model,
        space=space,
    )


def _sorted_effects(names: Sequence[str], coefs: np.ndarray) -> tuple[tuple[str, float], ...]:
    """Effects by decreasing absolute size (rounded), ties: positive first, then by name.

    Effects that round to 0 are dropped; at most :data:`MAX_EFFECTS` are kept.
    """
    rows = [
        (name, round(float(c), DECIMALS) + 0.0)
        for name, c in zip(names, coefs, strict=True)
        if round(float(c), DECIMALS) != 0
    ]
    rows.sort(key=lambda r: (-abs(r[1]), -r[1], r[0]))
    return tuple(rows[:MAX_EFFECTS])


def fmt(value: float | None) -> str:
    """A number with at most two decimals, no trailing zeros."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
