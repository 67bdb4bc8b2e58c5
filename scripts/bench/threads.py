#!/usr/bin/env python3
"""Run a command and print how many cores each of its threads used, interval by interval.

Which stage of the pipeline waits for which: ingest names its threads (faultline-reader,
faultline-worker-N, faultline-writer, faultline-checkpoint, faultline-free), and on two cores
the interval figures show at once whether the workers or the single writer set the pace, and
where a core sits idle (the start, a commit, the end of the run). Linux only: it reads
/proc/PID/task/*/stat.

    python3 scripts/bench/threads.py ./target/release/faultline --db /tmp/kb.db -q \\
        ingest bench/corpus/bench-50mb.jsonl
    INTERVAL=0.1 python3 scripts/bench/threads.py ...   # finer intervals
    BELOW=1.6 python3 scripts/bench/threads.py ...      # only intervals using under 1.6 cores
"""

import os
import re
import subprocess
import sys
import time

INTERVAL = float(os.environ.get("INTERVAL", "0.5"))
BELOW = float(os.environ["BELOW"]) if "BELOW" in os.environ else None
TICKS = os.sysconf("SC_CLK_TCK")


def thread_times(pid):
    """CPU seconds so far of each live thread of `pid`, by thread id, with its name."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # utime and stime, fields 14 and 15 of stat(5), counted after the name.
        out[tid] = (name, (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    start = time.monotonic()
    before, at = thread_times(child.pid), start
    rows = []
    while child.poll() is None:
        time.sleep(INTERVAL)
        now_times, now = thread_times(child.pid), time.monotonic()
        cores = {}
        for tid, (name, cpu) in now_times.items():
            if tid in before:
                # Worker threads differ only by their number: summed as one stage.
                stage = re.sub(r"-\d+$", "", name)
                cores[stage] = cores.get(stage, 0.0) + (cpu - before[tid][1]) / (now - at)
        rows.append((now - start, sum(cores.values()), cores))
        before, at = now_times, now
    if not rows:
        sys.exit(child.returncode)
    mean = sum(r[1] for r in rows) / len(rows)
    print(f"{len(rows)} intervals of {INTERVAL} s, {mean:.2f} cores on average")
    for t, total, cores in rows:
        if BELOW is None or total < BELOW:
            parts = " ".join(f"{k}:{v:.2f}" for k, v in sorted(cores.items()) if v >= 0.05)
            print(f"{t:7.1f} s  {total:4.2f}  {parts}")
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
