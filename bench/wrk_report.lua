-- wrk script for bench/run.py: sets the request from the environment and prints one
-- machine-readable line when the run is done.
--   BENCH_ACCEPT    the Accept header (default application/sparql-results+json)
--   BENCH_NO_CACHE  "1" adds "Cache-Control: no-cache" (asks the server to bypass its cache)
--   BENCH_METHOD    "POST" sends BENCH_BODY as a form (a query too long for a GET URL);
--                   anything else sends a GET to the URL on wrk's command line
--   BENCH_BODY      the form-encoded body of a POST: query=<url-encoded text>
-- Output (stdout, one line): BENCH_JSON {...}, latencies in microseconds.

if os.getenv("BENCH_METHOD") == "POST" then
  wrk.method = "POST"
  wrk.body = os.getenv("BENCH_BODY") or ""
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
else
  wrk.method = "GET"
end
wrk.headers["Accept"] = os.getenv("BENCH_ACCEPT") or "application/sparql-results+json"
if os.getenv("BENCH_NO_CACHE") == "1" then
  wrk.headers["Cache-Control"] = "no-cache"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%.0f,\"duration_us\":%.0f,\"bytes\":%.0f," ..
    "\"p50_us\":%.0f,\"p90_us\":%.0f,\"p99_us\":%.0f,\"max_us\":%.0f,\"mean_us\":%.1f," ..
    "\"errors\":{\"connect\":%.0f,\"read\":%.0f,\"write\":%.0f,\"status\":%.0f," ..
    "\"timeout\":%.0f}}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
