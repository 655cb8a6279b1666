#!/usr/bin/env python3
"""`make bench-spark`: the log verdicts past one machine, as ratios measured in one run.

1. Scaling: Spark local[2] on 2 CPUs against local[1] on 1 CPU (each run its own process, pinned
   with sched_setaffinity) on the same generated standard log (plain text, so that Spark splits it
   among tasks), each the whole job (verdicts on every row, then the report
   merged on the executors), the session's start-up and a warm-up job excluded. Goal >= 1.6x.
2. The boundary: verify_batch on one core against `cfsign logs` with one worker thread
   (RAYON_NUM_THREADS=1), both pinned to one CPU, on the same rows, in rows per second. The
   columns are read into Arrow first (as an engine hands them); only verify_batch is timed.
   Goal >= 50%.
3. Memory: verify_batch streaming the whole log in batches of 4 MB of text; the peak RSS after a
   quarter of the log and after all of it (bounded by the batch, not the log).

Usage: bench_spark.py --mb SIZE_MB --cfsign PATH. The log (tests/logs/bench_log.py) is cached in
target/bench-spark/.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
KEYS = {"K2JCJMDEHXQW5F": "rsa2048_pub.pem", "K3NEWKEYROTATE": "rsa2048_b_pub.pem"}


def log_of(mb):
    work = os.path.join(ROOT, "target", "bench-spark")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, f"standard-{mb}MB.log")
    if not os.path.exists(path):
        print(f"generating {path} (once; cached)", flush=True)
        subprocess.run(
            ["python3", os.path.join(ROOT, "tests", "logs", "bench_log.py"), path + ".tmp", str(mb * 1_000_000)],
            check=True,
        )
        os.rename(path + ".tmp", path)
    return path


def fields_of(path):
    with open(path) as f:
        for line in f:
            if line.startswith("#Fields:"):
                return line.strip()
    raise SystemExit("no #Fields line")


def spark_run(master, path, keys, fields):
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import cfsign.spark as cs

    spark = (
        SparkSession.builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.files.maxPartitionBytes", str(32 * 1024 * 1024))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Warm-up: start the Python workers.
    spark.range(4).repartition(4).count()
    t = time.perf_counter()
    report = cs.report(cs.verdicts(cs.read_lines(spark, path), keys, format="standard", fields=fields))
    elapsed = time.perf_counter() - t
    spark.stop()
    return elapsed, report


def arrow_table(path, fields, limit_bytes=None):
    import pyarrow.csv as pc

    names = fields[len("#Fields:"):].split()
    opts = pc.ReadOptions(column_names=names, skip_rows=2, block_size=1 << 22)
    parse = pc.ParseOptions(delimiter="\t", quote_char=False, escape_char=False)
    conv = pc.ConvertOptions(column_types={n: "string" for n in names}, strings_can_be_null=False)
    return pc.open_csv(path, read_options=opts, parse_options=parse, convert_options=conv)


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("--cfsign", required=True)
    ap.add_argument("--parts", default="memory,boundary,scaling")
    ap.add_argument("--rows", type=int, default=400_000, help="rows for the boundary measurement")
    ap.add_argument("--spark-one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    path = log_of(args.mb)
    fields = fields_of(path)
    keys = {k: open(os.path.join(ROOT, "tests", "keys", v)).read() for k, v in KEYS.items()}
    size = os.path.getsize(path) / 1e6
    print(f"log: {path} ({size:.0f} MB, {os.cpu_count()} cores)", flush=True)

    parts = args.parts.split(",")
    # 3. Memory, and the rows for 2.
    from cfsign.logs import BatchVerifier

    with open(path) as f:
        sample_lines = [next(f) for _ in range(2000)][2:]
    total = size * 1e6 / (sum(map(len, sample_lines)) / len(sample_lines))
    verifier = BatchVerifier(keys)
    rows, quarter_rss = 0, None
    if "memory" in parts:
        for b in arrow_table(path, fields):
            verifier.verify(b)
            rows += b.num_rows
            if quarter_rss is None and rows * 4 >= total:
                quarter_rss = rss_mb()
    whole_rss = rss_mb()
    if "memory" in parts:
        print(f"memory: verify_batch streaming {rows} rows in batches of 4 MB: peak RSS {quarter_rss:.0f} MB after a quarter, {whole_rss:.0f} MB after all", flush=True)

    # 2. The boundary, on one core.
    if "boundary" in parts:
        head, kept = [], 0
        for b in arrow_table(path, fields):
            head.append(b)
            kept += b.num_rows
            if kept >= args.rows:
                break
        boundary(args, path, keys, head)
    # 1. Scaling: local[N] on N CPUs. Each run is its own process, its CPUs set before Spark's
    # JVM starts (the JVM and its Python workers inherit them): unpinned, local[1] keeps about 1.6
    # of 2 cores busy (the JVM reads and converts to Arrow while the Python worker decides), so
    # on a 2-core machine local[2] could not reach 1.6x of it whatever it does.
    if "scaling" in parts:
        one, r1 = pinned_run("local[1]", {0}, args.mb)
        two, r2 = pinned_run("local[2]", {0, 1}, args.mb)
        assert r1 == r2 and r1["requests"] > 0
        print(f"scaling: Spark local[1] on 1 CPU {size / one:.1f} MB/s, local[2] on 2 CPUs {size / two:.1f} MB/s: ratio {one / two:.2f} (goal >= 1.6)", flush=True)
    if args.spark_one:
        path_cpus = sorted(os.sched_getaffinity(0))
        elapsed, report = spark_run(args.spark_one, path, keys, fields)
        print(json.dumps({"elapsed": elapsed, "report": report, "cpus": path_cpus}))


def pinned_run(master, cpus, mb):
    """`spark_run(master)` in a child process pinned to `cpus`: (seconds, report)."""
    out = subprocess.run(
        [sys.executable, __file__, "--mb", str(mb), "--cfsign", "-", "--parts", "", "--spark-one", master],
        check=True, capture_output=True, text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, cpus),
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert set(result["cpus"]) == cpus
    return result["elapsed"], result["report"]


def boundary(args, path, keys, head):
    import pyarrow as pa

    from cfsign.logs import BatchVerifier

    table = pa.Table.from_batches(head).slice(0, args.rows)
    n = table.num_rows
    sample = os.path.join(ROOT, "target", "bench-spark", f"rows-{n}.log")
    with open(path) as src, open(sample, "w") as out:
        kept = 0
        for line in src:
            out.write(line)
            if not line.startswith("#"):
                kept += 1
                if kept == n:
                    break
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    batches = table.to_batches(max_chunksize=8192)
    t = time.perf_counter()
    fresh = BatchVerifier(keys)
    for b in batches:
        fresh.verify(b)
    vb = n / (time.perf_counter() - t)
    cmd = [args.cfsign, "logs", sample, "--json", "--progress", "never"]
    for k, v in KEYS.items():
        cmd += ["--public-key", f"{k}={os.path.join(ROOT, 'tests', 'keys', v)}"]
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    t = time.perf_counter()
    out = subprocess.run(["taskset", "-c", str(min(os.sched_getaffinity(0)))] + cmd, env=env, capture_output=True, check=True)
    cli = n / (time.perf_counter() - t)
    assert json.loads(out.stdout)["requests"] == n
    print(f"boundary: verify_batch {vb:,.0f} rows/s, cfsign logs (1 worker) {cli:,.0f} rows/s on {n} rows: ratio {vb / cli:.2f} (goal >= 0.50)", flush=True)
    os.sched_setaffinity(0, set(range(os.cpu_count())))



if __name__ == "__main__":
    main()
