-- Shared summary for the wrk scripts (loaded with dofile): one line of
-- key=value pairs that bench/api.sh collects into the tables of
-- docs/benchmarks.md. Errors are non-2xx/3xx answers plus socket errors.
function bench_done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.0f ok=%d errors=%d non2xx=%d sockerr=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms\n",
    (summary.requests - e.status) / secs, summary.requests - e.status,
    e.status + e.connect + e.read + e.write + e.timeout, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
