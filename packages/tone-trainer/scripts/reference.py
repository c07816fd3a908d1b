#!/usr/bin/python3
"""Reference values for @dai/tone-trainer, computed independently with SciPy.

Run with Debian's python3-scipy:  /usr/bin/python3 scripts/reference.py > src/__tests__/fixtures/scipy-reference.json
The tests compare the TypeScript implementation against the committed output; they never call python.
"""
import json
import math
import sys

import scipy
from scipy import integrate, special, stats

# 1. Beta distribution: means, quantiles, CDFs, ln Γ.
BETAS = [(1, 1), (2, 5), (0.5, 0.5), (81, 21), (3.7, 12.25), (250.5, 40.25), (9000, 1100), (1.5, 300)]
beta_rows = []
for a, b in BETAS:
    d = stats.beta(a, b)
    beta_rows.append({
        "alpha": a, "beta": b,
        "mean": d.mean(),
        "variance": d.var(),
        "q025": d.ppf(0.025), "q500": d.ppf(0.5), "q975": d.ppf(0.975),
        "cdf": [[x, d.cdf(x)] for x in (0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999)],
    })
lngamma = [[x, special.gammaln(x)] for x in (0.1, 0.5, 1, 2.5, 10, 123.4, 1e5)]

# 2. Time-decayed Beta–Bernoulli posteriors on fixed events, with cluster shrinkage.
HALF_LIFE = 14.0
PRIOR = (1.0, 1.0)
STRENGTH = 20.0
TONES = ["professional", "friendly", "concise"]
DAY = 86400000
base = 1767225600000  # 2026-01-01T00:00:00Z
events = []
# Deterministic pattern: dealer, tone, feedback, day offset, hour.
for i in range(240):
    dealer = f"d{i % 6}"
    tone = TONES[(i * 7) % 3]
    day = (i * 13) % 60
    hour = (i * 5) % 24
    # cluster "a" (d0..d2) likes professional, "b" (d3..d5) likes friendly
    like = {"a": {"professional": 0.85, "friendly": 0.6, "concise": 0.7},
            "b": {"professional": 0.55, "friendly": 0.9, "concise": 0.7}}["a" if int(dealer[1]) < 3 else "b"][tone]
    u = ((i * 2654435761) % 1000) / 1000
    feedback = None if i % 5 == 0 else ("up" if u < like else "down")
    ts = base + day * DAY + hour * 3600000 + i * 1000
    events.append({"dealerId": dealer, "tone": tone, "mood": "calm", "feedback": feedback,
                   "timestamp": f"{__import__('datetime').datetime.utcfromtimestamp(ts / 1000).strftime('%Y-%m-%dT%H:%M:%S')}.000Z", "ms": ts})
latest = max(e["ms"] for e in events)
cluster_of = {f"d{i}": ("a" if i < 3 else "b") for i in range(6)}

def decayed(filter_fn):
    out = {t: [0.0, 0.0] for t in TONES}
    for e in events:
        if e["feedback"] is None or not filter_fn(e):
            continue
        w = 2.0 ** (-(latest - e["ms"]) / (HALF_LIFE * DAY))
        out[e["tone"]][0 if e["feedback"] == "up" else 1] += w
    return out

def pbest(params):
    """P(tone k has the highest rate) by adaptive quadrature: ∫ f_k(x) Π_{j≠k} F_j(x) dx."""
    res = []
    for k, (a, b) in enumerate(params):
        others = [stats.beta(a2, b2) for j, (a2, b2) in enumerate(params) if j != k]
        fk = stats.beta(a, b)
        lo, hi = fk.ppf(1e-14), fk.ppf(1 - 1e-14)
        val, _ = integrate.quad(lambda x: fk.pdf(x) * math.prod(o.cdf(x) for o in others), lo, hi,
                                limit=500, epsabs=1e-13, epsrel=1e-11)
        res.append(val)
    return res

def project(values, floor):
    """Euclidean projection onto {sum w = 1, w >= floor} by bisection on tau (independent of the TS sort algorithm)."""
    lo, hi = min(values) - 1.0, max(values) + 1.0
    for _ in range(300):
        tau = (lo + hi) / 2
        s = sum(max(v - tau, floor) for v in values)
        if s > 1:
            lo = tau
        else:
            hi = tau
    tau = (lo + hi) / 2
    return [max(v - tau, floor) for v in values]

FLOOR = 0.1
glob = decayed(lambda e: True)
glob_params = [(PRIOR[0] + glob[t][0], PRIOR[1] + glob[t][1]) for t in TONES]
glob_means = [a / (a + b) for a, b in glob_params]
glob_pbest = pbest(glob_params)
clusters = {}
for c in ("a", "b"):
    d = decayed(lambda e, c=c: cluster_of[e["dealerId"]] == c)
    params = [(STRENGTH * m + d[t][0], STRENGTH * (1 - m) + d[t][1]) for t, m in zip(TONES, glob_means)]
    pb = pbest(params)
    clusters[c] = {
        "params": params,
        "means": [a / (a + b) for a, b in params],
        "q025": [stats.beta(a, b).ppf(0.025) for a, b in params],
        "q975": [stats.beta(a, b).ppf(0.975) for a, b in params],
        "pbest": pb,
        "weights": project(pb, FLOOR),
    }

# 3. Projection on fixed vectors.
projections = []
for values, floor in [([0.9, 0.05, 0.05], 0.1), ([0.3, 0.3, 0.4], 0.1), ([2.0, -1.0, 0.5, 0.1, 0.0], 0.1),
                      ([0.7, 0.2, 0.05, 0.05, 0.0], 0.15), ([0.25] * 4, 0.25), ([0.01, 0.02, 0.9, 0.07], 0.0)]:
    projections.append({"values": values, "floor": floor, "weights": project(values, floor)})

json.dump({
    "generator": f"scripts/reference.py with SciPy {scipy.__version__}",
    "beta": beta_rows,
    "lnGamma": lngamma,
    "training": {
        "halfLifeDays": HALF_LIFE, "prior": {"alpha": PRIOR[0], "beta": PRIOR[1]}, "clusterStrength": STRENGTH,
        "floor": FLOOR, "tones": TONES, "clusterOf": cluster_of,
        "events": [{k: v for k, v in e.items() if k != "ms"} for e in events],
        "global": {
            "params": glob_params,
            "means": glob_means,
            "q025": [stats.beta(a, b).ppf(0.025) for a, b in glob_params],
            "q975": [stats.beta(a, b).ppf(0.975) for a, b in glob_params],
            "pbest": glob_pbest,
            "weights": project(glob_pbest, FLOOR),
            "expectedRewardWeights": project([m / sum(glob_means) for m in glob_means], FLOOR),
        },
        "clusters": clusters,
    },
    "projections": projections,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
