"""AWS Glue 5 (Spark 3.5.4, Python 3.11) job: every signed request of CloudFront's access logs
decided again, across the cluster, and the report of `cfsign logs --json`.

Job parameters (README.md, "Past one machine: Spark on Glue or EMR"):
  --additional-python-modules  s3://BUCKET/wheels/cfsign_rs-0.1.0-cp39-abi3-manylinux_2_34_x86_64.whl
  --logs      s3://LOG-BUCKET/PREFIX/          the logs: a prefix, a folder or a glob
  --format    standard | json | parquet       legacy W3C (gzip), v2 JSON lines, v2 Parquet
  --keys      s3://BUCKET/cfsign/keys.json     {"K2JCJMDEHXQW5F": "-----BEGIN PUBLIC KEY-----..."}
  --output    s3://BUCKET/cfsign/report.json   where the report is written
  --verdicts  s3://BUCKET/cfsign/verdicts/     optional: one Parquet row per request
  --skew      300                              optional: the rotation allowance, seconds

Only public keys are read. Nothing here prints a key, a signature or a cookie: the report holds
key IDs, paths, viewer IPs and counts.
"""

import json
import sys
from urllib.parse import urlparse

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

import cfsign.spark as cs

REQUIRED = ["JOB_NAME", "logs", "format", "keys", "output"]
args = getResolvedOptions(sys.argv, REQUIRED)
optional = {}
for name in ("verdicts", "skew"):
    if f"--{name}" in sys.argv:
        optional.update(getResolvedOptions(sys.argv, [name]))

sc = SparkContext.getOrCreate()
glue = GlueContext(sc)
spark = glue.spark_session
job = Job(glue)
job.init(args["JOB_NAME"], args)

s3 = boto3.client("s3")


def s3_parts(uri):
    u = urlparse(uri)
    if u.scheme != "s3" or not u.netloc:
        raise SystemExit(f"expected an s3:// URI for {uri.split('?')[0]!r}")
    return u.netloc, u.path.lstrip("/")


bucket, key = s3_parts(args["keys"])
keys = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())

if args["format"] == "parquet":
    verdicts = cs.verdicts(cs.read_table(spark, args["logs"]), keys)
elif args["format"] in ("standard", "json"):
    verdicts = cs.verdicts(cs.read_lines(spark, args["logs"]), keys, format=args["format"])
else:
    raise SystemExit("--format: expected standard, json or parquet")

# The files' names, by the index in the verdicts' `file` column (bad lines are listed by file
# and line, as `cfsign logs` lists them).
names = cs.file_names(verdicts)
if "verdicts" in optional:
    verdicts.write.mode("overwrite").parquet(optional["verdicts"])
    verdicts = spark.read.parquet(optional["verdicts"])

report = cs.report(verdicts, skew=int(optional.get("skew", 300)), sources=names)
body = json.dumps(report, indent=2) + "\n"
bucket, key = s3_parts(args["output"])
s3.put_object(Bucket=bucket, Key=key, Body=body.encode(), ContentType="application/json")
print(json.dumps({k: report[k] for k in ("requests", "signed", "denied", "verdicts", "rotation")}))
job.commit()
