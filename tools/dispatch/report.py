"""Summarises dispatch counts (interp/dispatch_counter.h) over kernels.

Usage: report.py TOP FILE...   (one FILE of counts per kernel)
For singles, pairs and triples: the TOP sequences by mean share of each
kernel's dispatches, with the kernels where each weighs most.
"""
import collections
import os
import sys


def main():
    top = int(sys.argv[1])
    files = sys.argv[2:]
    share = {n: collections.defaultdict(float) for n in (1, 2, 3)}
    where = {n: collections.defaultdict(list) for n in (1, 2, 3)}
    totals = {}
    for path in files:
        kernel = os.path.basename(path).rsplit(".", 1)[0]
        rows = [line.split() for line in open(path)]
        total = sum(int(r[1]) for r in rows if r[0] == "1")
        totals[kernel] = total
        for r in rows:
            n, count, seq = int(r[0]), int(r[1]), " ".join(r[2:])
            s = count / total
            share[n][seq] += s / len(files)
            where[n][seq].append((s, kernel))
    print("dispatches per kernel:", ", ".join(f"{k} {v:,}" for k, v in sorted(totals.items())))
    for n, title in ((1, "ops"), (2, "pairs"), (3, "triples")):
        print(f"\n{title}: mean share of a kernel's dispatches")
        for seq, s in sorted(share[n].items(), key=lambda kv: -kv[1])[:top]:
            best = sorted(where[n][seq], reverse=True)[:3]
            kernels = ", ".join(f"{k} {v:.0%}" for v, k in best)
            print(f"  {s:6.2%}  {seq:60s} ({kernels})")


if __name__ == "__main__":
    main()
