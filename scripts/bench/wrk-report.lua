-- Loaded by `wrk -s` for `pnpm bench`: after the run, wrk's own summary as one JSON line that
-- the bench reads (latencies are in microseconds). No per-request callback is defined, so
-- wrk keeps its fast path: Lua runs once, at the end.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_REPORT {"requests":%.0f,"durationUs":%.0f,"p50Us":%.0f,"p99Us":%.0f,' ..
      '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
