-- The cheaper path, for those without Spark: Athena groups the distinct signed requests of a
-- time range, and `cfsign logs` decides them on one machine.
--
-- The table is AWS's own for CloudFront logs in Parquet with partition projection ("Create a
-- table for CloudFront logs in Athena using partition projection with Parquet", Athena User
-- Guide): `cloudfront_logs_parquet_pp`, its columns the snake-case W3C names (`cs_uri_query`,
-- `cs_cookie`, `x_host_header`) that `cfsign logs --fields` and `verify_batch` read.
--
-- Every input of a verdict is in the GROUP BY (the second, the viewer, the Host, the path, the
-- query, the cookies, the status, the edge), so every repeat of a row has the same verdict:
-- `requests` says how many times CloudFront logged it. Unsigned requests are left out.
SELECT
  "date", "time", x_edge_location, c_ip, x_host_header, cs_host, cs_uri_stem, sc_status,
  cs_uri_query, cs_cookie, cs_protocol,
  count(*) AS requests
FROM cloudfront_logs_parquet_pp
WHERE distributionid = 'E2ABCDEXAMPLE'
  AND year = 2026 AND month = 3 AND day BETWEEN 1 AND 7
  AND (strpos(cs_uri_query, 'Signature=') > 0 OR strpos(cs_cookie, 'CloudFront-Signature') > 0)
GROUP BY
  "date", "time", x_edge_location, c_ip, x_host_header, cs_host, cs_uri_stem, sc_status,
  cs_uri_query, cs_cookie, cs_protocol
ORDER BY "date", "time";
