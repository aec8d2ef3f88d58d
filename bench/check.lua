-- Counts every response that is not the real page: a status other than 200,
-- or a body without the page's marker (a redirect to the login page, an error
-- page). wrk itself counts 3xx as success. The marker is the script's argument.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  marker = args[1] or ""
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, marker, 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
  end
  io.write(string.format("Not the page: %d\n", total))
end
