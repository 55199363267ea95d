-- wrk prints percentiles for humans only; this writes its summary as one line of JSON for
-- bench/load.py (latencies in microseconds).

-- Ask as every browser does: only the network's large downloads answer gzipped to it (the
-- pages are sent as they are).
wrk.headers["Accept-Encoding"] = "gzip, deflate"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
end
