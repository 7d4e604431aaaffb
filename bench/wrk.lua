-- One wrk run of one benchmark scenario (bench/load.ts starts it): a POST with a random NIK from the
-- sample file in every body, the status of every answer counted, and every 20th answer checked for the
-- scenario's expected status and outcome. Prints one JSON line at the end, as the autocannon runner does.
-- Settings come from the environment: BENCH_NIKS_FILE, BENCH_PATH, BENCH_BODY (with {{NIK}}),
-- BENCH_HEADERS (name=value lines), BENCH_EXPECT_STATUS, BENCH_EXPECT_BODY.

local niks = {}
for line in io.lines(os.getenv("BENCH_NIKS_FILE")) do
  if line ~= "" then niks[#niks + 1] = line end
end
local path = os.getenv("BENCH_PATH")
local template = os.getenv("BENCH_BODY")
local expect_status = tonumber(os.getenv("BENCH_EXPECT_STATUS"))
local expect_body = os.getenv("BENCH_EXPECT_BODY")
local headers = { ["content-type"] = "application/json" }
for name, value in (os.getenv("BENCH_HEADERS") or ""):gmatch("([^=\n]+)=([^\n]*)") do
  headers[name] = value
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init()
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  statuses = {}
  seen = 0
  sampled = 0
  unexpected = 0
end

function request()
  local nik = niks[math.random(#niks)]
  return wrk.format("POST", path, headers, (template:gsub("{{NIK}}", nik)))
end

function response(status, _, body)
  statuses[status] = (statuses[status] or 0) + 1
  seen = seen + 1
  if seen % 20 == 0 then
    sampled = sampled + 1
    if status ~= expect_status or not string.find(body or "", expect_body, 1, true) then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency)
  local counts, s, u = {}, 0, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    s = s + t:get("sampled")
    u = u + t:get("unexpected")
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  io.write(string.format(
    '{"rps":%.2f,"total":%d,"p50":%.3f,"p99":%.3f,"max":%.3f,"errors":%d,"timeouts":%d,"statuses":{%s},"sampled":%d,"unexpected":%d}\n',
    summary.requests / (summary.duration / 1e6), summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write, e.timeout, table.concat(parts, ","), s, u))
end
