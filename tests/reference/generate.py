#!/usr/bin/env python3
"""Reference values for the calculator's statistics, from SciPy and statsmodels.

Writes tests/fixtures/reference_values.json, which tests/reference_values.rs
checks the Rust core against to a relative 1e-9. The file is a list of cases:

    {"method": "wilson", "args": {"successes": 3, "trials": 10, "confidence": 0.95},
     "expected": [lower, upper]}

`expected` is what SciPy or statsmodels return, with these exceptions, each
explained in the case's "note":

- every value is also computed with mpmath at 60 significant digits: the
  closed forms of the Wilson, Newcombe and Katz intervals, and for the rest a
  method independent of the library's (binomial and hypergeometric tails
  summed term by term, Clopper-Pearson bounds by bisection on those tails,
  chi-square p-values from the regularised incomplete gamma function of the
  statistic computed in rational arithmetic); Fisher's test on tables of up
  to 200,000 people is checked once more in exact rational arithmetic. Where
  the library is less accurate than a relative 1e-12 (SciPy's
  hypergeometric distribution on tables of 10^5 people and more),
  mpmath's value is kept;
- where the library fails or returns nan/inf for a quantity the project's
  contract calls undefined (an empty group, a zero cell in a log interval, a
  group with no share of the population), `expected` is null: the core must
  return None;
- the chi-square test of independence skips all-zero rows (SciPy rejects
  them), so its expected value is SciPy's on the table without them.

Optional fields: "source" names a published worked example and "published"
holds its printed, rounded figures (the Rust test checks them to within half
a unit in the last printed place).

Regenerate (Python 3.11):

    python3 -m pip install -r tests/reference/requirements.txt && python3 tests/reference/generate.py
"""

import json
import math
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import scipy
import statsmodels
from mpmath import mp, mpf
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

mp.dps = 60

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "reference_values.json"

# Agreement demanded between the library and mpmath before the library's
# value is kept: a thousand times tighter than the Rust test's 1e-9.
CROSS_CHECK_RELATIVE = 1e-12
# Chi-square statistics below this are zero for every purpose (their p-value
# is 1 to double precision); binary shares such as 0.115 make the exact
# statistic of an exactly proportional table about 1e-28 rather than 0.
STATISTIC_ABSOLUTE = 1e-12
# Interval bounds that are zero in exact arithmetic come out of the libraries'
# formulas as a rounding residue of about 1e-17.
BOUND_ABSOLUTE = 1e-15
# Below this a p-value is treated as having underflowed (the contract allows 0).
P_VALUE_ABSOLUTE = 1e-300

CONFIDENCES = (0.90, 0.95, 0.99)

cases = []
overridden = []


def add(method, args, expected, note=None, source=None, published=None):
    case = {"method": method, "args": args, "expected": expected}
    if source is not None:
        case["source"] = source
    if published is not None:
        case["published"] = published
    if note is not None:
        case["note"] = note
    cases.append(case)


def close(library, exact, absolute):
    return abs(library - exact) <= max(CROSS_CHECK_RELATIVE * abs(exact), absolute)


def choose(library, exact, absolute, what):
    """The library's value when mpmath confirms it, else mpmath's, with a note."""
    exact = float(exact)
    if close(library, exact, absolute):
        return library, None
    overridden.append((what, library, exact))
    note = (
        f"{what}: the library gives {library!r}, mpmath at 60 digits {exact!r}; "
        "the fixture keeps mpmath's value"
    )
    return exact, note


def join_notes(*notes):
    notes = [note for note in notes if note]
    return "; ".join(notes) if notes else None


# --- The normal quantile ---------------------------------------------------


def alpha_of(confidence):
    # The core computes alpha = 1 - confidence in binary floating point; the
    # references do the same so both work on the very same alpha.
    return 1.0 - confidence


def mp_z(confidence):
    """Phi^-1(1 - alpha/2) for the binary alpha, in mpmath."""
    alpha = mpf(alpha_of(confidence))
    return mp.sqrt(2) * mp.erfinv(1 - alpha)


def z_cases():
    for confidence in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999):
        alpha = alpha_of(confidence)
        library = float(stats.norm.ppf(1 - alpha / 2))
        # The library's input 1 - alpha/2 is itself rounded, so mpmath takes
        # that rounded value too: the core sees the same rounding.
        exact = mp.sqrt(2) * mp.erfinv(2 * mpf(1 - alpha / 2) - 1)
        value, note = choose(library, exact, 0.0, "norm.ppf")
        add("z_for_confidence", {"confidence": confidence}, value, note=note)


# --- One proportion ----------------------------------------------------------


def mp_wilson(x, n, confidence):
    z = mp_z(confidence)
    x, n = mpf(x), mpf(n)
    p = x / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z * mp.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return max(centre - half, mpf(0)), min(centre + half, mpf(1))


def interval(bounds):
    return [float(bounds[0]), float(bounds[1])]


def checked_interval(library, exact, what):
    lower, note_lower = choose(library[0], exact[0], BOUND_ABSOLUTE, f"{what} lower bound")
    upper, note_upper = choose(library[1], exact[1], BOUND_ABSOLUTE, f"{what} upper bound")
    return [lower, upper], join_notes(note_lower, note_upper)


def wilson_library(x, n, confidence):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return interval(proportion_confint(x, n, alpha_of(confidence), method="wilson"))


PROPORTIONS = [
    (0, 1), (1, 1), (1, 2), (2, 3), (0, 10), (1, 10), (9, 10), (10, 10),
    (0, 20), (1, 29), (15, 148), (81, 263), (60, 175), (175, 1000),
    (5, 1000), (12345, 100000), (0, 1000000), (1, 1000000), (500000, 1000000),
    (999999, 1000000), (1000000, 1000000),
]

# Newcombe (1998a), Statistics in Medicine 17:857-872: the Wilson score
# interval (his method 3) for two of his worked examples.
WILSON_PUBLISHED = {
    (81, 263): ("Newcombe (1998a) single-proportion example 81/263", [0.2553, 0.3662]),
    (15, 148): ("Newcombe (1998a) single-proportion example 15/148", [0.0624, 0.1605]),
}


def proportion_cases():
    for x, n in PROPORTIONS:
        for confidence in CONFIDENCES if n < 100000 else (0.95,):
            args = {"successes": x, "trials": n, "confidence": confidence}
            value, note = checked_interval(
                wilson_library(x, n, confidence), mp_wilson(x, n, confidence), "Wilson"
            )
            source, published = WILSON_PUBLISHED.get((x, n), (None, None))
            if confidence != 0.95:
                source, published = None, None
            if published is not None:
                assert [round(bound, 4) for bound in value] == published, ((x, n), value)
            add("wilson", args, value, note=note, source=source, published=published)

            library = interval(proportion_confint(x, n, alpha_of(confidence), method="beta"))
            value, note = checked_interval(
                library, mp_clopper_pearson(x, n, confidence, library), "Clopper-Pearson"
            )
            add("clopper_pearson", args, value, note=note)
    for method in ("wilson", "clopper_pearson"):
        add(
            method,
            {"successes": 0, "trials": 0, "confidence": 0.95},
            None,
            note="no trials: statsmodels returns nan, the contract None",
        )
        add(
            method,
            {"successes": 5, "trials": 3, "confidence": 0.95},
            None,
            note="more successes than trials is not a proportion: None",
        )


# --- Binomial tails in mpmath ---------------------------------------------------


def mp_binomial_pmf(j, n, p):
    if p == 0:
        return mpf(1) if j == 0 else mpf(0)
    if p == 1:
        return mpf(1) if j == n else mpf(0)
    return mp.exp(
        mp.loggamma(n + 1) - mp.loggamma(j + 1) - mp.loggamma(n - j + 1)
        + j * mp.log(p) + (n - j) * mp.log1p(-p)
    )


def binomial_mode(n, p):
    return min(n, int(mp.floor((n + 1) * p)))


def sum_outwards(first_term, index, step, ratio, last):
    """Sum a tail of decreasing terms, starting at `index` and moving by `step`."""
    total = mpf(0)
    term = first_term
    threshold = mpf(10) ** (-mp.dps - 5)
    while True:
        total += term
        if index == last or term == 0 or term < total * threshold:
            return total
        term *= ratio(index)
        index += step


def mp_binomial_lower(k, n, p):
    """P(X <= k) for X ~ Bin(n, p), 0 < p < 1."""
    if k < 0:
        return mpf(0)
    if k >= n:
        return mpf(1)
    if k > binomial_mode(n, p):
        return 1 - mp_binomial_upper(k + 1, n, p)
    odds = (1 - p) / p
    return sum_outwards(
        mp_binomial_pmf(k, n, p), k, -1, lambda j: mpf(j) / (n - j + 1) * odds, 0
    )


def mp_binomial_upper(k, n, p):
    """P(X >= k) for X ~ Bin(n, p), 0 < p < 1."""
    if k <= 0:
        return mpf(1)
    if k > n:
        return mpf(0)
    if k < binomial_mode(n, p):
        return 1 - mp_binomial_lower(k - 1, n, p)
    odds = p / (1 - p)
    return sum_outwards(
        mp_binomial_pmf(k, n, p), k, 1, lambda j: mpf(n - j) / (j + 1) * odds, n
    )


def bisect(function, low, high, increasing):
    """Root of a monotone function on [low, high] to mpmath's precision."""
    low, high = mpf(low), mpf(high)
    for _ in range(mp.prec + 10):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if (function(middle) < 0) == increasing:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def mp_clopper_pearson(x, n, confidence, library):
    """Clopper and Pearson (1934): the p where each binomial tail is alpha/2.

    The library's bounds only narrow the bracket; the root itself comes from
    mpmath's binomial tail sums.
    """
    half_alpha = mpf(alpha_of(confidence)) / 2

    def root(function, guess, increasing):
        low = max(mpf(0), mpf(guess) * (1 - mpf("1e-6")))
        high = min(mpf(1), mpf(guess) * (1 + mpf("1e-6")))
        if (function(low) < 0) == (function(high) < 0):
            low, high = mpf(0), mpf(1)
        return bisect(function, low, high, increasing)

    # P(X >= x | p) grows with p; P(X <= x | p) falls.
    lower = mpf(0) if x == 0 else root(lambda p: mp_binomial_upper(x, n, p) - half_alpha, library[0], True)
    upper = mpf(1) if x == n else root(lambda p: mp_binomial_lower(x, n, p) - half_alpha, library[1], False)
    return lower, upper


# --- Two proportions ---------------------------------------------------------------


def mp_newcombe(e1, n1, e2, n2, confidence):
    l1, u1 = mp_wilson(e1, n1, confidence)
    l2, u2 = mp_wilson(e2, n2, confidence)
    p1, p2 = mpf(e1) / n1, mpf(e2) / n2
    difference = p1 - p2
    return (
        difference - mp.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        difference + mp.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def mp_katz(e1, n1, e2, n2, confidence):
    z = mp_z(confidence)
    log_ratio = mp.log((mpf(e1) / n1) / (mpf(e2) / n2))
    half = z * mp.sqrt(mpf(1) / e1 - mpf(1) / n1 + mpf(1) / e2 - mpf(1) / n2)
    return mp.exp(log_ratio - half), mp.exp(log_ratio + half)


# Newcombe (1998b), Statistics in Medicine 17:873-890, the worked examples of
# his comparison of eleven methods, (a) to (h); each computed here with his
# method 10 (statsmodels' "newcomb").
NEWCOMBE_EXAMPLES = [
    ("a", (56, 70, 48, 80), [0.0524, 0.3339]),
    ("b", (9, 10, 3, 10), [0.1705, 0.8090]),
    ("c", (6, 7, 2, 7), None),
    ("d", (5, 56, 0, 29), None),
    ("e", (0, 10, 0, 20), None),
    ("f", (0, 10, 0, 10), None),
    ("g", (10, 10, 0, 20), None),
    ("h", (10, 10, 0, 10), None),
]

MORE_DIFFERENCES = [
    (60, 175, 210, 600), (0, 5, 3, 40), (5, 5, 40, 40), (1, 1, 0, 1), (0, 1, 1, 1),
    (1, 2, 1, 3), (35, 100, 427, 1000), (120000, 1000000, 100000, 1000000),
    (1, 1000000, 0, 1000000), (500, 1000, 500, 1000),
]


def comparison_args(e1, n1, e2, n2, confidence):
    return {"e1": e1, "n1": n1, "e2": e2, "n2": n2, "confidence": confidence}


def newcombe_library(e1, n1, e2, n2, confidence):
    return interval(
        confint_proportions_2indep(
            e1, n1, e2, n2, method="newcomb", compare="diff", alpha=alpha_of(confidence)
        )
    )


def katz_library(e1, n1, e2, n2, confidence):
    return interval(
        confint_proportions_2indep(
            e1, n1, e2, n2, method="log", compare="ratio", alpha=alpha_of(confidence)
        )
    )


def comparison_cases():
    # statsmodels' interval is for p1 - p2 (count1/nobs1 minus count2/nobs2),
    # the core's order of arguments: check it once on Newcombe's example (a).
    low, high = newcombe_library(56, 70, 48, 80, 0.95)
    assert 0 < low < 56 / 70 - 48 / 80 < high, "statsmodels' difference is not p1 - p2"

    for label, counts, published in NEWCOMBE_EXAMPLES:
        for confidence in CONFIDENCES:
            library = newcombe_library(*counts, confidence)
            value, note = checked_interval(
                library, mp_newcombe(*counts, confidence), "Newcombe"
            )
            is_95 = confidence == 0.95
            e1, n1, e2, n2 = counts
            if published is not None and is_95:
                assert [round(bound, 4) for bound in library] == published, (label, library)
            add(
                "newcombe_difference",
                comparison_args(*counts, confidence),
                value,
                note=note,
                source=f"Newcombe (1998b) example ({label}), {e1}/{n1} vs {e2}/{n2}" if is_95 else None,
                published=published if is_95 else None,
            )
    for index, counts in enumerate(MORE_DIFFERENCES):
        for confidence in CONFIDENCES if index < 3 else (0.95,):
            value, note = checked_interval(
                newcombe_library(*counts, confidence), mp_newcombe(*counts, confidence), "Newcombe"
            )
            add("newcombe_difference", comparison_args(*counts, confidence), value, note=note)
    for counts in ((0, 0, 3, 10), (3, 10, 0, 0), (11, 10, 3, 10)):
        add(
            "newcombe_difference",
            comparison_args(*counts, 0.95),
            None,
            note="an empty group or more events than people: no proportion, None",
        )

    ratios = [
        (56, 70, 48, 80), (10, 10, 20, 20), (1, 1, 1, 1), (1, 2, 1, 3), (9, 10, 3, 10),
        (5, 56, 1, 29), (175, 1150, 600, 5400), (60, 175, 210, 600),
        (1, 1000000, 1, 1000000), (120000, 1000000, 100000, 1000000), (2, 1000000, 999999, 1000000),
    ]
    for counts in ratios:
        for confidence in CONFIDENCES if counts[1] < 1000000 else (0.95,):
            value, note = checked_interval(
                katz_library(*counts, confidence), mp_katz(*counts, confidence), "Katz"
            )
            is_spec = counts == (56, 70, 48, 80) and confidence == 0.95
            if is_spec:
                assert [round(bound, 4) for bound in value] == [1.0766, 1.6512], value
            add(
                "katz_ratio",
                comparison_args(*counts, confidence),
                value,
                note=note,
                source="Katz log interval on Newcombe's example (a), 56/70 vs 48/80" if is_spec else None,
                published=[1.0766, 1.6512] if is_spec else None,
            )
    for counts, why in (
        ((0, 10, 3, 20), "no events in the first group: ln 0, statsmodels divides by zero"),
        ((3, 10, 0, 20), "no events in the second group: ln 0, statsmodels divides by zero"),
        ((0, 10, 0, 20), "no events in either group: statsmodels divides by zero"),
        ((0, 0, 3, 20), "an empty group: no rate"),
        ((3, 20, 0, 0), "an empty group: no rate"),
    ):
        add("katz_ratio", comparison_args(*counts, 0.95), None, note=f"{why}; the contract's None")


# --- Exact tests --------------------------------------------------------------------

R_TOLERANCE = 1 + mpf("1e-7")


def last_at_most(pmf, limit, lo, hi):
    """The largest x in [lo, hi] with pmf(x) <= limit, pmf non-decreasing there; lo - 1 if none."""
    while lo <= hi:
        middle = (lo + hi) // 2
        if pmf(middle) <= limit:
            lo = middle + 1
        else:
            hi = middle - 1
    return hi


def first_at_most(pmf, limit, lo, hi):
    """The smallest x in [lo, hi] with pmf(x) <= limit, pmf non-increasing there; hi + 1 if none."""
    while lo <= hi:
        middle = (lo + hi) // 2
        if pmf(middle) <= limit:
            hi = middle - 1
        else:
            lo = middle + 1
    return lo


def mp_binomial_test(k, n, p):
    """R's binom.test and SciPy's binomtest, two-sided, in mpmath.

    The outcomes on the far side of np whose probability is at most
    1 + 1e-7 times the observed one's are added to the observed tail.
    """
    if p in (0, 1):
        certain = 0 if p == 0 else n
        return mpf(1) if k == certain else mpf(0)
    mean = n * p  # in binary floating point, as both libraries compare it
    if k == mean:
        return mpf(1)
    p = mpf(p)

    def pmf(j):
        return mp_binomial_pmf(j, n, p)

    limit = pmf(k) * R_TOLERANCE
    if k < mean:
        far = first_at_most(pmf, limit, math.ceil(mean), n)
        total = mp_binomial_lower(k, n, p) + (mp_binomial_upper(far, n, p) if far <= n else 0)
    else:
        far = last_at_most(pmf, limit, 0, math.floor(mean))
        total = mp_binomial_upper(k, n, p) + (mp_binomial_lower(far, n, p) if far >= 0 else 0)
    return min(mpf(1), total)


def mp_fisher(a, b, c, d, tolerance):
    """Fisher's exact test, two-sided, in mpmath: the sum of the probabilities of
    all tables with the observed margins that are at most `tolerance` times as
    likely as the observed one (R's fisher.test; SciPy's with its own tolerance).

    The hypergeometric distribution of the top-left cell is unimodal, so the
    tables kept are two tails, each found by bisection and summed outwards.
    """
    row1, row2, column1 = a + b, c + d, a + c
    total = row1 + row2
    lo, hi = max(0, column1 - row2), min(column1, row1)
    if lo == hi:
        return mpf(1)

    def log_choose(n, k):
        return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)

    log_denominator = log_choose(total, column1)

    def pmf(x):
        return mp.exp(log_choose(row1, x) + log_choose(row2, column1 - x) - log_denominator)

    def up_ratio(x):
        return mpf(row1 - x) * (column1 - x) / ((x + 1) * (row2 - column1 + x + 1))

    mode = (column1 + 1) * (row1 + 1) // (total + 2)
    limit = pmf(a) * tolerance
    left = last_at_most(pmf, limit, lo, mode)
    right = first_at_most(pmf, limit, mode, hi)
    if left >= right:
        return mpf(1)
    p_value = mpf(0)
    if left >= lo:
        p_value += sum_outwards(pmf(left), left, -1, lambda j: 1 / up_ratio(j - 1), lo)
    if right <= hi:
        p_value += sum_outwards(pmf(right), right, 1, up_ratio, hi)
    return min(mpf(1), p_value)


def exact_fisher(a, b, c, d):
    """Fisher's two-sided p-value in exact rational arithmetic (R's tolerance)."""
    row1, row2, column1 = a + b, c + d, a + c
    lo, hi = max(0, column1 - row2), min(column1, row1)
    tolerance = Fraction(1) + Fraction(1, 10**7)
    observed = math.comb(row1, a) * math.comb(row2, column1 - a)
    weight = math.comb(row1, lo) * math.comb(row2, column1 - lo)
    kept = 0
    for x in range(lo, hi + 1):
        if weight * tolerance.denominator <= observed * tolerance.numerator:
            kept += weight
        if x < hi:
            # C(row1, x) C(row2, column1 - x), one step on; the division is exact.
            weight = weight * (row1 - x) * (column1 - x) // ((x + 1) * (row2 - column1 + x + 1))
    return min(Fraction(1), Fraction(kept, math.comb(row1 + row2, column1)))


# Tables up to this many people are also checked in exact rational arithmetic.
EXACT_FISHER_LIMIT = 200000


def binomial_cases():
    tests = [
        # (k, n, p, why)
        (3, 15, 0.1, None), (0, 10, 0.3, None), (10, 10, 0.3, None), (1, 1, 0.5, None),
        (0, 1, 0.5, None), (1, 1, 0.2, None), (0, 1, 0.2, None), (5, 10, 0.5, "k = np: p = 1"),
        (3, 30, 0.1, "np is 3.0000000000000004 in binary"), (7, 20, 0.35, None), (2, 9, 0.5, None),
        (175, 1000, 0.115, None), (180, 1000, 0.118, None), (60, 600, 0.115, None),
        (682, 5900, 0.1149, None), (1, 2000, 0.004, None),
        (1100, 1000000, 0.001, None), (1000, 1000000, 0.001, "k = np: p = 1"),
        (500500, 1000000, 0.5, None), (120000, 1000000, 0.115, None), (114000, 1000000, 0.115, None),
        # Deep tails, 1e-20 down to 1e-200 and past underflow.
        (0, 100, 0.37, None), (80, 100, 0.3, None), (900, 1000, 0.5, None), (0, 1000, 0.37, None),
        (200, 200, 0.1, None), (1, 1000, 0.5, None), (0, 2000, 0.5, "below 1e-300: may be 0"),
        (10500, 1000000, 0.01, None), (11000, 1000000, 0.01, None),
        (0, 1000000, 0.001, "far below 1e-300: may be 0"),
        # Degenerate hypotheses: a group with no share of the population.
        (0, 10, 0.0, None), (3, 10, 0.0, None), (10, 10, 1.0, None), (9, 10, 1.0, None),
    ]
    for k, n, p, why in tests:
        library = float(stats.binomtest(k, n, p).pvalue)
        value, note = choose(library, mp_binomial_test(k, n, p), P_VALUE_ABSOLUTE, "binomtest")
        add("binomial_test", {"k": k, "n": n, "p": p}, value, note=join_notes(why, note))
    for k, n, p, why in (
        (0, 0, 0.5, "no trials: SciPy refuses n = 0"),
        (5, 3, 0.5, "k > n: SciPy refuses it"),
        (1, 3, 1.5, "p outside [0, 1]: SciPy refuses it"),
        (1, 3, -0.1, "p outside [0, 1]: SciPy refuses it"),
    ):
        add("binomial_test", {"k": k, "n": n, "p": p}, None, note=f"{why}; the contract's None")


def fisher_cases():
    tables = [
        ([[8, 2], [1, 5]], "SciPy's documented example, p = 0.034965034965034975"),
        ([[3, 1], [1, 3]], "Fisher's lady tasting tea"),
        ([[1, 9], [11, 3]], None), ([[56, 14], [48, 32]], "Newcombe's example (a) as a 2 x 2 table"),
        ([[9, 1], [3, 7]], None), ([[6, 1], [2, 5]], None), ([[5, 51], [0, 29]], None),
        ([[0, 10], [0, 20]], "an empty column: SciPy and R return 1"),
        ([[0, 0], [3, 7]], "an empty row: only one table has these margins, p = 1"),
        ([[10, 0], [0, 20]], None), ([[0, 10], [20, 0]], None), ([[0, 5], [5, 0]], None),
        ([[1, 0], [0, 1]], None), ([[1, 0], [1, 0]], "an empty column: p = 1"),
        ([[5, 5], [5, 5]], "the most likely table: p = 1"), ([[2, 3], [3, 2]], "a tie with its mirror image"),
        ([[60, 115], [210, 390]], None), ([[12, 163], [40, 560]], None),
        ([[5000, 95000], [5500, 94500]], None),
        ([[100000, 900000], [101000, 899000]], None),
        ([[10000, 490000], [10500, 489500]], None),
        # Deep tails, 1e-20 down to 1e-300 and past underflow.
        ([[30, 0], [0, 30]], None), ([[100, 0], [0, 100]], None), ([[300, 10], [10, 300]], None),
        ([[500, 0], [0, 500]], "just above underflow, about 7.4e-300"),
        ([[1000, 0], [0, 1000]], "far below 1e-300: may be 0"),
        ([[5000, 5000], [4000, 6000]], None), ([[50000, 50000], [45000, 55000]], None),
    ]
    for table, why in tables:
        (a, b), (c, d) = table
        library = float(stats.fisher_exact(table).pvalue)
        r_value = mp_fisher(a, b, c, d, R_TOLERANCE)
        if a + b + c + d <= EXACT_FISHER_LIMIT:
            exact = exact_fisher(a, b, c, d)
            exact = mpf(exact.numerator) / exact.denominator
            assert abs(r_value - exact) <= mpf("1e-40") * exact, (table, r_value, exact)
        # SciPy counts ties at a relative 1e-14, R at 1e-7: they differ only
        # when a different table's probability lies between the two.
        scipy_value = mp_fisher(a, b, c, d, 1 + mpf("1e-14"))
        tie_note = None
        if not close(float(scipy_value), float(r_value), P_VALUE_ABSOLUTE):
            tie_note = (
                f"SciPy's tie tolerance (1e-14) gives {float(scipy_value)!r}; the contract's "
                "(R's, 1e-7) is kept"
            )
        value, note = choose(library, r_value, P_VALUE_ABSOLUTE, "fisher_exact")
        add("fisher_exact", {"a": a, "b": b, "c": c, "d": d}, value, note=join_notes(why, tie_note, note))


# --- Chi-square tests -------------------------------------------------------------


def mp_chi2_upper(statistic, df):
    return mp.gammainc(mpf(df) / 2, statistic / 2, mp.inf, regularized=True)


def exact_chisquare(observed_rows, expected_rows):
    """The Pearson statistic in rational arithmetic, for the cross-check."""
    total = Fraction(0)
    for observed, expected in zip(observed_rows, expected_rows):
        total += (observed - expected) ** 2 / expected
    return total


def chi_square_result(library_statistic, df, library_p, exact_statistic):
    exact_statistic = mpf(exact_statistic.numerator) / exact_statistic.denominator
    statistic, note_statistic = choose(
        library_statistic, exact_statistic, STATISTIC_ABSOLUTE, "chi-square statistic"
    )
    p_value, note_p = choose(library_p, mp_chi2_upper(exact_statistic, df), P_VALUE_ABSOLUTE, "chi2.sf")
    return {"statistic": statistic, "df": df, "p_value": p_value}, join_notes(note_statistic, note_p)


def goodness_of_fit_cases():
    tests = [
        ([30, 20], [0.5, 0.5], None),
        ([25, 25], [0.5, 0.5], "observed = expected: statistic 0, p = 1"),
        ([175, 600, 100, 80, 45], [0.115, 0.62, 0.11, 0.095, 0.06], None),
        ([175, 600, 100, 80, 45], [11.5, 62.0, 11.0, 9.5, 6.0], "shares in percent"),
        ([175, 600, 100, 80, 45], [11.5, 62.1, 11.0, 9.5, 6.0], "percent shares summing to 100.1"),
        ([180, 650, 90, 80], [1150, 6200, 1100, 950], "shares as population counts"),
        ([1, 0], [0.3, 0.7], "a single observation"), ([0, 1, 0], [0.2, 0.3, 0.5], None),
        ([3, 0, 0, 0], [0.25, 0.25, 0.25, 0.25], None),
        ([10, 20, 30], [0.1, 0.2, 0.7], None), ([7, 3], [0.999, 0.001], "a tiny expected count"),
        ([115000, 620000, 110000, 95000, 60000], [0.115, 0.62, 0.11, 0.095, 0.06], None),
        ([120000, 615000, 110000, 95000, 60000], [0.115, 0.62, 0.11, 0.095, 0.06], None),
        # Deep tails.
        ([150, 50], [0.5, 0.5], None), ([400, 100], [0.5, 0.5], None),
        ([900, 100], [0.5, 0.5], None), ([300, 0, 0], [0.2, 0.3, 0.5], None),
        ([1000, 0], [0.5, 0.5], None),
        ([2000, 0], [0.5, 0.5], "far below 1e-300: may be 0"),
    ]
    for observed, shares, why in tests:
        total_share = sum(shares)
        n = sum(observed)
        expected = [n * share / total_share for share in shares]
        result = stats.chisquare(observed, f_exp=expected)
        exact_total = sum(Fraction(share) for share in shares)
        exact_expected = [n * Fraction(share) / exact_total for share in shares]
        value, note = chi_square_result(
            float(result.statistic), len(observed) - 1, float(result.pvalue),
            exact_chisquare(observed, exact_expected),
        )
        add(
            "goodness_of_fit",
            {"observed": observed, "expected_shares": shares},
            value,
            note=join_notes(why, note),
        )
    for observed, shares, why in (
        ([3, 4], [0.0, 1.0], "a group with no share: its expected count is 0, SciPy gives inf"),
        ([0, 4], [0.0, 1.0], "a group with no share: 0/0, SciPy gives nan"),
        ([0, 0], [0.5, 0.5], "no observations: SciPy gives nan"),
        ([5], [1.0], "one group: df = 0, SciPy gives p = nan"),
        ([3, 4], [0.5, 0.3, 0.2], "as many shares as groups are needed"),
    ):
        add(
            "goodness_of_fit",
            {"observed": observed, "expected_shares": shares},
            None,
            note=f"{why}; the contract's None",
        )


def independence_cases():
    tables = [
        ([[10, 10], [20, 0]], None),
        ([[10, 10], [0, 0], [20, 0]], "an all-zero row is skipped"),
        ([[0, 0], [12, 3], [0, 0], [4, 9]], "all-zero rows are skipped"),
        ([[56, 14], [48, 32]], "2 x 2: no Yates correction"),
        ([[1, 0], [0, 1]], "2 x 2: no Yates correction"),
        ([[60, 115], [210, 390], [30, 45], [12, 38]], None),
        ([[175, 975], [600, 5600], [100, 1000], [80, 870], [45, 555]], "uptake: [ips, population - ips]"),
        ([[175, 1150], [600, 6200], [100, 1100], [80, 950], [45, 600]], "two samples: [ips, population]"),
        ([[0, 5], [3, 2], [4, 0]], "zero cells"),
        ([[1, 0], [1, 0], [0, 1]], None),
        ([[25, 25], [50, 50]], "independent: statistic 0, p = 1"),
        ([[100900, 899100], [100000, 900000]], None),
        ([[102000, 898000], [100000, 900000]], None),
        ([[11500, 88500], [115500, 884500], [11000, 89000]], None),
        # Deep tails.
        ([[100, 0], [0, 100]], None), ([[300, 10], [10, 300]], None),
        ([[500, 0], [0, 500], [250, 250]], None),
        ([[2000, 0], [0, 2000]], "far below 1e-300: may be 0"),
    ]
    for table, why in tables:
        kept = [row for row in table if sum(row) > 0]
        statistic, p_value, df, expected = stats.chi2_contingency(kept, correction=False)
        total = sum(map(sum, kept))
        column_totals = [sum(row[j] for row in kept) for j in range(2)]
        exact_expected = [
            Fraction(sum(row) * column_totals[j], total) for row in kept for j in range(2)
        ]
        observed = [cell for row in kept for cell in row]
        value, note = chi_square_result(
            float(statistic), int(df), float(p_value), exact_chisquare(observed, exact_expected)
        )
        skipped = "SciPy rejects all-zero rows; its value on the table without them" if len(kept) < len(table) else None
        add("independence", {"rows": table}, value, note=join_notes(why, skipped, note))
    for table, why in (
        ([[10, 10]], "one row: no comparison"),
        ([[10, 10], [0, 0]], "one non-empty row: no comparison"),
        ([[10, 0], [5, 0]], "an empty column: zero expected counts, SciPy refuses it"),
        ([[0, 0], [0, 0]], "an empty table"),
        ([], "no rows"),
    ):
        add("independence", {"rows": table}, None, note=f"{why}; the contract's None")


# --- Holm ------------------------------------------------------------------------------


def holm_cases():
    lists = [
        ([0.01, 0.02, 0.03, 0.04, 0.05], "R: p.adjust(..., 'holm')"),
        ([0.04, 0.001, 0.5, 0.02], None),
        ([0.01, 0.04, 0.03], None),
        ([0.01, 0.01, 0.2], "ties"),
        ([0.03, 0.01, 0.03, 0.03, 0.2], "ties in the middle"),
        ([0.6, 0.7, 0.9], "all capped at 1"),
        ([0.0, 1.0, 0.3, 1.0], "p-values of exactly 0 and 1"),
        ([0.4, 0.26, 0.5, 0.001], "raw 0.26 x 3 = 0.78 < running maximum"),
        ([0.3], "one test: unchanged"),
        ([1e-200, 3e-150, 0.04, 1e-20], "deep tails"),
        ([5e-324, 0.0, 1e-300], "subnormal and zero p-values"),
        ([0.012, 0.03, 0.0495, 0.2, 0.35, 0.12, 0.049, 0.0001], None),
        ([0.25, 0.25, 0.25, 0.25], "four ties hitting 1"),
    ]
    for p_values, why in lists:
        adjusted = multipletests(np.array(p_values), method="holm")[1]
        add("holm", {"p_values": p_values}, [float(value) for value in adjusted], note=why)


def main():
    if sys.version_info[:2] != (3, 11):
        print(f"warning: written for Python 3.11, running {sys.version.split()[0]}", file=sys.stderr)
    z_cases()
    proportion_cases()
    comparison_cases()
    binomial_cases()
    fisher_cases()
    goodness_of_fit_cases()
    independence_cases()
    holm_cases()

    text = "[\n" + ",\n".join(json.dumps(case, allow_nan=False) for case in cases) + "\n]\n"
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(text)

    counts = {}
    for case in cases:
        counts[case["method"]] = counts.get(case["method"], 0) + 1
    print(f"{len(cases)} cases written to {FIXTURE}")
    print("  " + ", ".join(f"{method} {count}" for method, count in counts.items()))
    print(
        f"  SciPy {scipy.__version__}, statsmodels {statsmodels.__version__}, "
        f"NumPy {np.__version__}, mpmath {mpmath.__version__}"
    )
    for what, library, exact in overridden:
        print(f"  mpmath preferred: {what}: library {library!r}, mpmath {exact!r}")


if __name__ == "__main__":
    main()
