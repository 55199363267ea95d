-- Every page at once: each request asks for the next address of those given after `--`
-- (wrk URL -s wrk_mixed.lua -- /a/ /b/?q=c ...), each wrk thread starting at its own place in
-- the cycle so that the connections do not all ask for the same page together. The summary is
-- bench/wrk_report.lua's one line of JSON.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local threads = 0
local addresses = {}
local next_index = 1

setup = function(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

init = function(args)
  for i = 1, #args do
    addresses[i] = args[i]
  end
  if #addresses == 0 then
    error("wrk_mixed.lua needs the page addresses after --")
  end
  -- Spread the threads' starting points over the cycle.
  next_index = (thread_number or 0) * 7 % #addresses + 1
end

request = function()
  local address = addresses[next_index]
  next_index = next_index % #addresses + 1
  return wrk.format("GET", address)
end
