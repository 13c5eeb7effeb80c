-- POST /api/v1/tasks/{id}/reports as 教育局's liaison (TOKEN). SUBMIT names
-- a file of "taskID dueDate" lines (open due dates, from bench/seed); wrk
-- thread i of n takes lines i, i+n, … in order, so no pair is sent twice
-- until a thread runs out (then it starts again and those answers are 422).
dofile(os.getenv("BENCH_WRK") .. "/report.lua")
local threads, counter = {}, 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  local all = {}
  for line in io.lines(os.getenv("SUBMIT")) do table.insert(all, line) end
  pairs_ = {}
  local n = tonumber(os.getenv("THREADS") or "2")
  for i = tid + 1, #all, n do table.insert(pairs_, all[i]) end
  next_ = 1
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local line = pairs_[next_]
  next_ = next_ % #pairs_ + 1
  local task, due = line:match("(%d+) (%S+)")
  local body = '{"due_date":"' .. due .. '","work_done":"本周完成入户走访和问题梳理","progress":40,' ..
    '"problems":"","next_steps":"下周继续推进整改"}'
  return wrk.format("POST", "/api/v1/tasks/" .. task .. "/reports", nil, body)
end
done = bench_done
