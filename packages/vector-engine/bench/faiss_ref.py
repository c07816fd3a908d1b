"""Peer measurements for bench/run.mjs (FAISS, scikit-learn). Run by the benchmark as a child
process with Debian's /usr/bin/python3; never by the tests. One mode per call, so the benchmark can
interleave peer and vector-engine runs (the machine is shared; interleaving spreads the noise).

usage: faiss_ref.py <mode> <workdir> <n> <dim> <nq> <k> <threads> <kmeans_k> <kmeans_iters>
modes: search (writes faiss-topk.i64), kmeans (all points), kmeans-default (FAISS's sampling), digits
Prints one JSON line.
"""
import gzip
import json
import sys
import time

import numpy as np

mode, workdir = sys.argv[1], sys.argv[2]
n, dim, nq, k, threads, km_k, km_iters = map(int, sys.argv[3:])
out = {"mode": mode}

if mode == "digits":
    from sklearn.cluster import KMeans

    path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
    digits = np.loadtxt(gzip.open(path), delimiter=",")[:, :64].astype(np.float64)
    np.asarray(digits, dtype=np.float32).tofile(f"{workdir}/digits.f32")
    best = None
    for _ in range(3):
        t = time.perf_counter()
        model = KMeans(n_clusters=10, n_init=10, random_state=0).fit(digits)
        best = min(best or 1e9, time.perf_counter() - t)
    out.update(seconds=best, inertia=float(model.inertia_), n=len(digits))
    print(json.dumps(out))
    sys.exit(0)

import faiss

faiss.omp_set_num_threads(threads)
out.update(faissVersion=faiss.__version__, threads=faiss.omp_get_max_threads())
base = np.fromfile(f"{workdir}/base.f32", dtype=np.float32).reshape(n, dim)

if mode == "search":
    queries = np.fromfile(f"{workdir}/queries.f32", dtype=np.float32).reshape(nq, dim)
    index = faiss.IndexFlatIP(dim)
    index.add(base)
    index.search(queries, k)  # warm-up
    times, cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        _, ids = index.search(queries, k)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    ids.astype(np.int64).tofile(f"{workdir}/faiss-topk.i64")
    out.update(bestSeconds=min(times), bestCpuSeconds=min(cpu), queries=nq)
elif mode in ("kmeans", "kmeans-default"):
    # max_points_per_centroid is raised so FAISS trains on every point, as vector-engine does; with its
    # defaults it trains on a sample of 256 points per centroid.
    extra = {} if mode == "kmeans-default" else {"max_points_per_centroid": n // km_k + 1}
    km = faiss.Kmeans(dim, km_k, niter=km_iters, seed=1234, verbose=False, **extra)
    t, c = time.perf_counter(), time.process_time()
    km.train(base)
    out.update(seconds=time.perf_counter() - t, cpuSeconds=time.process_time() - c, inertia=float(km.obj[-1]), points=min(n, km.cp.max_points_per_centroid * km_k))
print(json.dumps(out))
