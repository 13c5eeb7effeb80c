-- GET with a personal token (TOKEN) or a session cookie (COOKIE) from the
-- environment; the URL is wrk's.
dofile(os.getenv("BENCH_WRK") .. "/report.lua")
local token, cookie = os.getenv("TOKEN"), os.getenv("COOKIE")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
done = bench_done
