-- POST /public/appeal/submit as a citizen's browser does (form-encoded),
-- each request with its own idempotency key, so each one is a new appeal.
-- CATEGORY and REGION from the environment; the client address must be on
-- the server's --public-allow list (no rate limit, no challenge).
dofile(os.getenv("BENCH_WRK") .. "/report.lua")
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
local n = 0
local run = tostring(os.time())
local desc = "%E6%9D%91%E5%8F%A3%E8%B7%AF%E7%81%AF%E5%9D%8F%E4%BA%86%E4%B8%80%E4%B8%AA%E6%9C%88%EF%BC%8C%E6%99%9A%E4%B8%8A%E7%9C%8B%E4%B8%8D%E8%A7%81%E8%B7%AF%E3%80%82" -- 村口路灯坏了一个月，晚上看不见路。
local fixed = "&category=" .. os.getenv("CATEGORY") .. "&region=" .. os.getenv("REGION") ..
  "&description=" .. desc .. "&name=%E5%BC%A0%E4%B8%89&phone=13900001111"
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
function request()
  n = n + 1
  local key = "bench" .. run .. "t" .. tostring(tid) .. "n" .. tostring(n)
  return wrk.format("POST", "/public/appeal/submit", headers, "key=" .. key .. fixed)
end
done = bench_done
