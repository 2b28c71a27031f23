-- Each request asks for a post not asked for before in this run: no cache can have it.
-- Arguments: a file with one path per line, and the number of wrk threads; each thread
-- takes every n-th path so that no two threads ask for the same post.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local next_thread = 0
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local paths, position = {}, 0
function init(args)
  local threads, n = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if n % threads == thread_number then paths[#paths + 1] = line end
    n = n + 1
  end
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end
