#!/usr/bin/env python3
"""Independent test vectors for the OCC fee calculator (art. 16 D.M. 202/2014).

Specification: /work/shared/law/fees.md, sections 0, 3, 4 and 7 (brackets of art. 1 commi 1-2
D.M. 30/2012, riduzione of art. 16 c.4, rimborso forfettario spese generali of art. 14 c.3, cap of
art. 16 c.5, halving for the esdebitazione dell'incapiente of art. 283 c.6 CCII).

Python 3 standard library only. Two implementations are run on every vector and must agree on
every reported figure and on the exact lordo values:

  * implementation 1 (`compute_decimal`): decimal.Decimal, 60 significant digits, slice by slice
    over the bracket table, percentages applied as pct/100, medio = mean of the two amounts,
    quantize(0.01, ROUND_HALF_UP) once per reported figure;
  * implementation 2 (`compute_fraction`): fractions.Fraction (exact rationals), integer cents and
    integer basis points, cumulative bracket bases (fee = base at the bracket's lower edge + excess
    x rate), medio computed with the mean percentages, cap split as limit x 100/(100+rimborso) and
    limit x rimborso/(100+rimborso), rounding done with integer floor division.

Inputs are decimal strings; no binary floating point is used anywhere.

Usage:
    python3 generate_vectors.py            # (re)writes vectors.csv next to this script
    python3 generate_vectors.py --check    # regenerates in memory, fails if vectors.csv differs
    python3 generate_vectors.py --stdout   # prints the CSV instead of writing it

Exits non-zero (AssertionError / SystemExit) if the two implementations disagree anywhere, or if
the worked examples of fees.md section 7 (and the figures quoted in sections 3.2 and 3.10) are not
reproduced.
"""

import decimal
import os
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

KINDS = (
    "piano",
    "accordo",
    "liquidazione",
    "ristrutturazione",
    "concordato_minore",
    "liquidazione_controllata",
    "incapiente",
)

HEADER = (
    "kind,attivo,passivo,riduzione,rimborso,attribuito,"
    "lordo_min,lordo_medio,lordo_max,"
    "compenso_min,compenso_medio,compenso_max,"
    "spese_min,spese_medio,spese_max,"
    "totale_min,totale_medio,totale_max,"
    "forbice_min,forbice_max,"
    "lordo_min_exact,lordo_max_exact,note"
)
COLUMNS = HEADER.split(",")
FIGURES = COLUMNS[6:20]  # the rounded figures, lordo_min .. forbice_max

# --------------------------------------------------------------------------------------------
# Implementation 1: Decimal, 60 digits, slice by slice.
# --------------------------------------------------------------------------------------------

CTX = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN,
                      traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
D = Decimal

# (lower, upper or None, pct_min, pct_max) — D.M. 30/2012 art. 1 c.1, lett. a)-h)
ATTIVO_BRACKETS_D = (
    (D("0"), D("16227.08"), D("12"), D("14")),
    (D("16227.08"), D("24340.62"), D("10"), D("12")),
    (D("24340.62"), D("40567.68"), D("8.50"), D("9.50")),
    (D("40567.68"), D("81135.38"), D("7"), D("8")),
    (D("81135.38"), D("405676.89"), D("5.5"), D("6.5")),
    (D("405676.89"), D("811353.79"), D("4"), D("5")),
    (D("811353.79"), D("2434061.37"), D("0.90"), D("1.80")),
    (D("2434061.37"), None, D("0.45"), D("0.90")),
)
# D.M. 30/2012 art. 1 c.2
PASSIVO_BRACKETS_D = (
    (D("0"), D("81131.38"), D("0.19"), D("0.94")),
    (D("81131.38"), None, D("0.06"), D("0.46")),
)

CENT = D("0.01")


def d_round(x):
    """Round once, half up, to the cent; return the 2-decimal string."""
    q = x.quantize(CENT, rounding=ROUND_HALF_UP, context=CTX)
    s = format(q, "f")
    assert "." in s and len(s.split(".")[1]) == 2, s
    return s


def d_exact(x):
    """Exact (terminating) value as a plain decimal string without exponent or trailing zeros."""
    n = x.normalize(context=CTX)
    s = format(n, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def d_marginal(amount, brackets):
    lo_sum = D(0)
    hi_sum = D(0)
    for lower, upper, pmin, pmax in brackets:
        if amount <= lower:
            break
        top = amount if upper is None or amount < upper else upper
        piece = CTX.subtract(top, lower)
        lo_sum = CTX.add(lo_sum, CTX.divide(CTX.multiply(piece, pmin), D(100)))
        hi_sum = CTX.add(hi_sum, CTX.divide(CTX.multiply(piece, pmax), D(100)))
    return lo_sum, hi_sum


def compute_decimal(kind, attivo, passivo, riduzione, rimborso, attribuito):
    a, p, r, s = D(attivo), D(passivo), D(riduzione), D(rimborso)
    am, aM = d_marginal(a, ATTIVO_BRACKETS_D)
    pm, pM = d_marginal(p, PASSIVO_BRACKETS_D)
    lordo = {"min": CTX.add(am, pm), "max": CTX.add(aM, pM)}
    lordo["medio"] = CTX.divide(CTX.add(lordo["min"], lordo["max"]), D(2))

    factor = CTX.divide(CTX.subtract(D(100), r), D(100))
    half = D("0.5") if kind == "incapiente" else D(1)
    out = {}
    limit = None
    if attribuito != "":
        t = D(attribuito)
        if t >= D(20000):
            pct = D(5) if p > D(1000000) else D(10)
            limit = CTX.divide(CTX.multiply(t, pct), D(100))
    capped = []
    for col in ("min", "medio", "max"):
        comp = CTX.multiply(CTX.multiply(lordo[col], factor), half)
        spese = CTX.divide(CTX.multiply(comp, s), D(100))
        tot = CTX.add(comp, spese)
        if limit is not None and tot > limit:
            tot = limit
            comp = CTX.divide(limit, CTX.add(D(1), CTX.divide(s, D(100))))
            spese = CTX.subtract(limit, comp)
            capped.append(col)
        out["lordo_" + col] = lordo[col]
        out["compenso_" + col] = comp
        out["spese_" + col] = spese
        out["totale_" + col] = tot
    out["forbice_min"] = CTX.multiply(CTX.multiply(lordo["min"], D("0.60")), half)
    out["forbice_max"] = CTX.multiply(CTX.multiply(lordo["max"], D("0.85")), half)

    row = {name: d_round(out[name]) for name in FIGURES}
    row["lordo_min_exact"] = d_exact(lordo["min"])
    row["lordo_max_exact"] = d_exact(lordo["max"])
    # exact half-cent ties among the reported figures (only meaningful for terminating values)
    ties = []
    for name in FIGURES:
        v = out[name]
        scaled = CTX.multiply(v, D(1000))
        if scaled == scaled.to_integral_value() and int(scaled) % 10 == 5:
            ties.append(name)
    return row, capped, limit, ties


# --------------------------------------------------------------------------------------------
# Implementation 2: Fraction, integer cents and basis points, cumulative bases.
# --------------------------------------------------------------------------------------------

def to_fraction(text):
    """Parse a plain decimal string ("12.5", "100000.50", "0") into an exact Fraction."""
    text = text.strip()
    assert text and all(c in "0123456789." for c in text) and text.count(".") <= 1, text
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    return Fraction(int((whole or "0") + frac), 10 ** len(frac))


def cents(text):
    f = to_fraction(text) * 100
    assert f.denominator == 1, ("amount with more than 2 decimals", text)
    return f.numerator


# thresholds in cents, rates in basis points (1 bp = 0.01%)
ATTIVO_EDGES_C = [0, 1622708, 2434062, 4056768, 8113538, 40567689, 81135379, 243406137]
ATTIVO_BP_MIN = [1200, 1000, 850, 700, 550, 400, 90, 45]
ATTIVO_BP_MAX = [1400, 1200, 950, 800, 650, 500, 180, 90]
PASSIVO_EDGES_C = [0, 8113138]
PASSIVO_BP_MIN = [19, 6]
PASSIVO_BP_MAX = [94, 46]


def f_cumulative(amount_cents, edges, bps):
    """Fee in euro (Fraction): base accumulated up to the bracket's lower edge + excess x rate."""
    bases = [Fraction(0)]
    for i in range(1, len(edges)):
        bases.append(bases[-1] + Fraction((edges[i] - edges[i - 1]) * bps[i - 1], 100 * 10000))
    k = 0
    for i, edge in enumerate(edges):
        if amount_cents > edge:
            k = i
    return bases[k] + Fraction((amount_cents - edges[k]) * bps[k], 100 * 10000)


def f_round(x):
    """Half-up to the cent with integer arithmetic; x >= 0."""
    assert x >= 0
    n = (x * 100 * 2 + 1) // 2  # floor(x*100 + 1/2)
    return "%d.%02d" % (n // 100, n % 100)


def f_exact(x):
    """Exact decimal string of a Fraction whose denominator has only factors 2 and 5."""
    den = x.denominator
    k = 0
    while den % 10 == 0 or den % 2 == 0 or den % 5 == 0:
        if den % 10 == 0:
            den //= 10
        elif den % 2 == 0:
            den //= 2
        else:
            den //= 5
        k += 1
    assert den == 1, ("non-terminating", x)
    scaled = x * 10 ** k
    assert scaled.denominator == 1
    n = scaled.numerator
    if k == 0:
        return str(n)
    digits = str(n).rjust(k + 1, "0")
    s = digits[:-k] + "." + digits[-k:]
    s = s.rstrip("0").rstrip(".")
    return s


def compute_fraction(kind, attivo, passivo, riduzione, rimborso, attribuito):
    a_c, p_c = cents(attivo), cents(passivo)
    r, s = to_fraction(riduzione), to_fraction(rimborso)
    bp_medio_a = [Fraction(lo + hi, 2) for lo, hi in zip(ATTIVO_BP_MIN, ATTIVO_BP_MAX)]
    bp_medio_p = [Fraction(lo + hi, 2) for lo, hi in zip(PASSIVO_BP_MIN, PASSIVO_BP_MAX)]
    lordo = {
        "min": f_cumulative(a_c, ATTIVO_EDGES_C, ATTIVO_BP_MIN)
        + f_cumulative(p_c, PASSIVO_EDGES_C, PASSIVO_BP_MIN),
        "medio": f_cumulative(a_c, ATTIVO_EDGES_C, bp_medio_a)
        + f_cumulative(p_c, PASSIVO_EDGES_C, bp_medio_p),
        "max": f_cumulative(a_c, ATTIVO_EDGES_C, ATTIVO_BP_MAX)
        + f_cumulative(p_c, PASSIVO_EDGES_C, PASSIVO_BP_MAX),
    }
    divisor = 200 if kind == "incapiente" else 100
    limit = None
    if attribuito != "":
        t_c = cents(attribuito)
        if t_c >= 20000 * 100:
            limit = Fraction(t_c * (5 if p_c > 100000000 else 10), 100 * 100)
    out, capped = {}, []
    for col in ("min", "medio", "max"):
        comp = lordo[col] * (100 - r) / divisor
        tot = comp * (100 + s) / 100
        spese = tot - comp
        if limit is not None and tot > limit:
            tot = limit
            comp = limit * 100 / (100 + s)
            spese = limit * s / (100 + s)
            capped.append(col)
        out["lordo_" + col] = lordo[col]
        out["compenso_" + col] = comp
        out["spese_" + col] = spese
        out["totale_" + col] = tot
    out["forbice_min"] = lordo["min"] * 60 / divisor
    out["forbice_max"] = lordo["max"] * 85 / divisor
    row = {name: f_round(out[name]) for name in FIGURES}
    row["lordo_min_exact"] = f_exact(lordo["min"])
    row["lordo_max_exact"] = f_exact(lordo["max"])
    ties = [name for name in FIGURES
            if (out[name] * 1000).denominator == 1 and (out[name] * 1000).numerator % 10 == 5]
    return row, capped, limit, ties


# --------------------------------------------------------------------------------------------
# The vectors: (kind, attivo, passivo, riduzione, rimborso, attribuito, note)
# --------------------------------------------------------------------------------------------

V = []


def add(kind, attivo, passivo, riduzione, rimborso, attribuito, note):
    V.append((kind, attivo, passivo, riduzione, rimborso, attribuito, note))


# fees.md section 7 worked examples, exactly as stated there
add("piano", "100000", "250000", "20", "15", "", "fees.md 7.1 worked example")
add("piano", "16227.08", "0", "15", "10", "", "fees.md 7.2 attivo edge a)/b) exactly")
add("piano", "16227.09", "0", "15", "10", "", "fees.md 7.2 one cent above edge a)/b): totale_max 2124.13")
add("liquidazione", "0", "81131.39", "40", "10", "", "fees.md 7.3 passivo one cent above edge 1)/2)")

# attivo bracket edges (passivo 0) and one cent above each; edge a) is covered by 7.2 above
for edge, above, label in (
    ("24340.62", "24340.63", "b)/c)"),
    ("40567.68", "40567.69", "c)/d)"),
    ("81135.38", "81135.39", "d)/e)"),
    ("405676.89", "405676.90", "e)/f)"),
    ("811353.79", "811353.80", "f)/g)"),
    ("2434061.37", "2434061.38", "g)/h)"),
):
    add("piano", edge, "0", "15", "10", "", "attivo edge %s exactly" % label)
    add("piano", above, "0", "15", "10", "", "attivo one cent above edge %s" % label)

# passivo edge (attivo 0); one cent above is the 7.3 row
add("liquidazione", "0", "81131.38", "40", "10", "", "passivo edge 1)/2) exactly (7.3 inputs one cent lower)")
add("piano", "0", "81131.38", "15", "10", "", "passivo edge 1)/2) exactly")
add("piano", "0", "81131.39", "15", "10", "", "passivo one cent above edge 1)/2)")

# thresholds mix-up probe (passivo edge 81131.38 vs attivo edge 81135.38) and its swap
add("piano", "81131.38", "81135.38", "20", "15", "",
    "mix-up probe: attivo 81131.38 (inside d)) passivo 81135.38 (4.00 over passivo edge)")
add("piano", "81135.38", "81131.38", "20", "15", "",
    "mix-up probe swapped: both amounts exactly on their own edge")

# zero cases
add("piano", "0", "250000", "20", "15", "", "zero attivo")
add("piano", "100000", "0", "20", "15", "", "zero passivo; attivo_min exact 8015.1968 (fees.md 3.10)")
add("piano", "0", "0", "20", "15", "", "both zero: every figure 0.00")
add("piano", "100000", "200000", "20", "15", "",
    "fees.md 3.10: lordo_min exact 8240.667594 -> 8240.67 (per-bracket rounding gives 8240.66)")

# one amount inside each attivo bracket (flat-rate bug probe) and passivo bracket
for amount, label in (
    ("10000", "a)"), ("20000", "b)"), ("30000", "c)"), ("60000", "d)"), ("250000", "e)"),
    ("600000", "f)"), ("1500000", "g)"), ("3000000", "h)"),
):
    add("accordo", amount, "0", "25", "12.5", "", "attivo inside bracket %s" % label)
add("accordo", "0", "50000", "25", "12.5", "", "passivo inside bracket 1)")
add("accordo", "0", "500000", "25", "12.5", "", "passivo inside bracket 2)")
add("accordo", "0", "5000000", "25", "12.5", "", "large passivo inside bracket 2)")

# very large amounts
add("liquidazione_controllata", "50000000", "50000000", "20", "15", "", "50 million attivo and passivo")
add("liquidazione_controllata", "50000000", "0", "20", "15", "", "50 million attivo only")
add("liquidazione_controllata", "0", "50000000", "20", "15", "", "50 million passivo only")

# every kind on the 7.1 inputs (piano is the 7.1 row itself)
for kind in KINDS:
    if kind == "piano":
        continue
    note = "7.1 inputs; kind %s" % kind
    if kind == "incapiente":
        note += ": compenso and forbice halved (after riduzione; before spese)"
    else:
        note += ": same formula as piano"
    add(kind, "100000", "250000", "20", "15", "", note)

# riduzione / rimborso variants on the 7.1 inputs
for rid, rim in (
    ("15", "10"), ("15", "12.5"), ("15", "15"),
    ("40", "10"), ("40", "12.5"), ("40", "15"),
    ("20", "10"), ("20", "12.5"), ("27.5", "12.5"),
):
    add("piano", "100000", "250000", rid, rim, "", "7.1 inputs with riduzione %s rimborso %s" % (rid, rim))
add("piano", "100000", "250000", "0", "0", "",
    "riduzione 0 rimborso 0 (outside 15-40 / 10-15: the calculator warns and computes)")
add("piano", "100000", "250000", "50", "20", "",
    "riduzione 50 rimborso 20 (outside 15-40 / 10-15: the calculator warns and computes)")

# art. 16 c.5 cap
add("piano", "100000", "250000", "20", "15", "19999.99",
    "attribuito 19999.99 < 20000: no cap although totale > 10% of it")
add("piano", "100000", "250000", "20", "15", "20000",
    "attribuito 20000 (cap applies) passivo < 1M: limit 10% = 2000.00 binds all three")
add("piano", "100000", "250000", "20", "15", "200000",
    "attribuito given but cap does not bind (limit 20000.00)")
add("piano", "100000", "250000", "20", "15", "90000",
    "cap binds max only (limit 10% = 9000.00 between totale_medio and totale_max)")
add("piano", "100000", "250000", "15", "12.5", "50000",
    "limit 10% = 5000.00 binds all three; compenso 5000/1.125 does not terminate")
add("concordato_minore", "500000", "1000000", "20", "15", "19999.99",
    "passivo 1000000 attribuito 19999.99: no cap")
add("concordato_minore", "500000", "1500000", "20", "15", "500000",
    "passivo > 1M: limit 5% = 25000.00 binds all three")
add("concordato_minore", "500000", "1500000", "20", "15", "700000",
    "passivo > 1M: limit 5% = 35000.00 binds max only")
add("concordato_minore", "500000", "1500000", "20", "15", "1200000",
    "passivo > 1M: limit 5% = 60000.00 does not bind")
add("concordato_minore", "500000", "1000000", "20", "15", "330000",
    "passivo exactly 1000000: 10% (limit 33000.00) binds max only")
add("concordato_minore", "500000", "1000000.01", "20", "15", "330000",
    "passivo 1000000.01 > 1M: 5% (limit 16500.00) binds all three")
add("liquidazione_controllata", "250000", "2000000", "40", "10", "20000",
    "attribuito exactly 20000 with passivo > 1M: limit 5% = 1000.00 binds all three")
add("incapiente", "0", "2000000", "15", "10", "40000",
    "incapiente with cap: passivo > 1M limit 5% = 2000.00 binds medio and max")
add("incapiente", "0", "150000", "20", "15", "",
    "incapiente typical case: no attivo")

# values with cents
add("piano", "100000.50", "250000.75", "20", "15", "", "amounts with cents")
add("accordo", "12345.67", "98765.43", "17", "12.5", "", "amounts with cents")
add("ristrutturazione", "81135.37", "81131.37", "33", "11", "", "one cent below both edges")
add("liquidazione", "0.01", "0.01", "15", "10", "", "one cent of attivo and passivo")

# exact half-cent ties
add("piano", "111000", "70780", "20", "15", "",
    "tie reconstructed from fees.md 3.10: lordo_max exact 10638.935 -> 10638.94 "
    "(float + round() can give 10638.93)")
add("incapiente", "111000", "70780", "15", "10", "",
    "same tie inputs for the incapiente")
add("piano", "10000", "50000", "15", "10", "", "round inputs with ties after riduzione and rimborso")
add("liquidazione", "0", "50000", "40", "15", "", "round inputs with a tie in totale_medio")
add("ristrutturazione", "405676.89", "1000000", "30", "12.5", "", "attivo on edge e)/f) with passivo 1000000")
add("accordo", "2434061.37", "81131.38", "15", "15", "", "both amounts on their last edge")


# --------------------------------------------------------------------------------------------
# Checks against the note (fail loudly)
# --------------------------------------------------------------------------------------------

def expect(row, **want):
    for key, value in want.items():
        if row[key] != value:
            raise SystemExit("fees.md example not reproduced: %s = %s, expected %s (row %r)"
                             % (key, row[key], value, row))


def check_note(rows):
    by_key = {}
    for r in rows:
        by_key.setdefault((r["kind"], r["attivo"], r["passivo"], r["riduzione"], r["rimborso"],
                           r["attribuito"]), r)

    def get(*key):
        if key not in by_key:
            raise SystemExit("missing vector %r" % (key,))
        return by_key[key]

    # 7.1
    expect(get("piano", "100000", "250000", "20", "15", ""),
           lordo_min="8270.67", lordo_medio="9534.35", lordo_max="10798.03",
           compenso_min="6616.53", compenso_medio="7627.48", compenso_max="8638.43",
           spese_min="992.48", spese_medio="1144.12", spese_max="1295.76",
           totale_min="7609.01", totale_medio="8771.60", totale_max="9934.19",
           lordo_min_exact="8270.667594", lordo_max_exact="10798.033624")
    # 7.2
    expect(get("piano", "16227.08", "0", "15", "10", ""),
           lordo_min_exact="1947.2496", lordo_max_exact="2271.7912", lordo_medio="2109.52",
           compenso_min="1655.16", compenso_medio="1793.09", compenso_max="1931.02",
           totale_min="1820.68", totale_medio="1972.40", totale_max="2124.12")
    expect(get("piano", "16227.09", "0", "15", "10", ""),
           lordo_min_exact="1947.2506", lordo_min="1947.25",  # 3.2: marginal, not flat 1622.71
           totale_min="1820.68", totale_medio="1972.40", totale_max="2124.13")
    # 7.3
    expect(get("liquidazione", "0", "81131.39", "40", "10", ""),
           lordo_min_exact="154.149628", lordo_max_exact="762.635018",
           compenso_min="92.49", compenso_medio="275.04", compenso_max="457.58",
           totale_min="101.74", totale_medio="302.54", totale_max="503.34")
    # 3.10
    expect(get("piano", "100000", "0", "20", "15", ""),
           lordo_min_exact="8015.1968", lordo_min="8015.20", lordo_max_exact="9258.603")
    expect(get("piano", "100000", "200000", "20", "15", ""),
           lordo_min_exact="8240.667594", lordo_min="8240.67")
    # 3.10 tie (inputs reconstructed, see README)
    expect(get("piano", "111000", "70780", "20", "15", ""),
           lordo_max_exact="10638.935", lordo_max="10638.94")


# --------------------------------------------------------------------------------------------

def build_rows():
    rows = []
    for kind, attivo, passivo, riduzione, rimborso, attribuito, note in V:
        assert kind in KINDS, kind
        for text in (attivo, passivo, riduzione, rimborso) + ((attribuito,) if attribuito else ()):
            to_fraction(text)  # syntax check: plain decimal string
        r1, capped1, limit1, ties = compute_decimal(kind, attivo, passivo, riduzione, rimborso, attribuito)
        r2, capped2, limit2, ties2 = compute_fraction(kind, attivo, passivo, riduzione, rimborso, attribuito)
        if r1 != r2 or capped1 != capped2 or ties != ties2 or (limit1 is None) != (limit2 is None) or (
                limit1 is not None and to_fraction(format(limit1, "f")) != limit2):
            diff = {k: (r1[k], r2[k]) for k in r1 if r1[k] != r2[k]}
            raise SystemExit("implementations disagree on %r: %r capped %r/%r"
                             % ((kind, attivo, passivo, riduzione, rimborso, attribuito),
                                diff, capped1, capped2))
        # the note's cap claims must match what the formula did
        if attribuito:
            claim_none = "no cap" in note or "does not bind" in note
            claim_all = "binds all three" in note
            claim_max = "binds max only" in note
            claim_mm = "binds medio and max" in note
            ok = ((claim_none and capped1 == []) or (claim_all and capped1 == ["min", "medio", "max"])
                  or (claim_max and capped1 == ["max"]) or (claim_mm and capped1 == ["medio", "max"]))
            if not ok:
                raise SystemExit("cap note does not match result %r for %r" % (capped1, note))
        if ties:
            note = note + "; exact half-cent tie in " + " ".join(ties)
        assert "," not in note and "\n" not in note and '"' not in note, note
        row = {"kind": kind, "attivo": attivo, "passivo": passivo, "riduzione": riduzione,
               "rimborso": rimborso, "attribuito": attribuito, "note": note}
        row.update(r1)
        rows.append(row)
    keys = [tuple(r[c] for c in COLUMNS[:6]) for r in rows]
    assert len(set(keys)) == len(keys), "duplicate vector"
    check_note(rows)
    return rows


def render(rows):
    lines = [HEADER]
    for r in rows:
        lines.append(",".join(r[c] for c in COLUMNS))
    return "\n".join(lines) + "\n"


def main(argv):
    decimal.setcontext(CTX)
    rows = build_rows()
    text = render(rows)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.csv")
    if "--stdout" in argv:
        sys.stdout.write(text)
    elif "--check" in argv:
        with open(path, encoding="utf-8") as fh:
            if fh.read() != text:
                raise SystemExit("vectors.csv is out of date: run generate_vectors.py")
        print("vectors.csv is up to date (%d rows, both implementations agree)" % len(rows))
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        print("wrote %s (%d rows, both implementations agree)" % (path, len(rows)))


if __name__ == "__main__":
    main(sys.argv[1:])
