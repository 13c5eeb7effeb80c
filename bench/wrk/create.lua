-- POST /api/v1/campaigns/{id}/tasks as the office (TOKEN, CAMPAIGN, UNIT
-- from the environment); each request a new draft task.
dofile(os.getenv("BENCH_WRK") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/api/v1/campaigns/" .. os.getenv("CAMPAIGN") .. "/tasks"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"压测新建任务：推进民生改善工作","content":"按方案推进","lead_unit_id":' .. os.getenv("UNIT") ..
  ',"start":"2026-11-01","deadline":"2027-03-31","source":"plan","report_cycle":"weekly","tags":["民生改善"]}'
done = bench_done
