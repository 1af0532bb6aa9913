-- wrk script of bench/soak.sh: a mix of successes and every error kind the sample produces cheaply, in all three
-- dialects, with every response checked. Run with as many threads as connections (-t64 -c64): a thread then owns one
-- connection, so the response it sees always answers the last request it built, and can be checked against it.
--
-- Keys (set by soak.sh): sk-soak-valid belongs to acct-soak, funded for far more than a soak spends and not
-- rate-limited; sk-demo-nobalance and sk-demo-ratelimited are the sample's own (no balance; 1 request a minute).

local VALID = "Bearer sk-soak-valid"
local JSON = "application/json"
local PROBLEM = "application/problem+json"
local CHAT = '{"model":"echo-1","messages":[{"role":"user","content":"hi"}]}'
local OVERSIZE = string.rep("x", 300) -- the sample's uploads take at most 256 bytes

-- Each kind: the request, then what its response must be. dialect: "ok" (a JSON success), "bc" (BusinessCode),
-- "wq" (Wanqing), "pd" (ProblemDetails), "sse" (an event stream). code: the envelope's code. retry: Retry-After
-- required. alt: another answer that is also right (the 1-a-minute key lets one request a minute through).
local kinds = {
  { name = "bc.ok", weight = 3, method = "GET", path = "/api/v1/tasks/tsk_demo", auth = VALID,
    status = 200, dialect = "ok", expect = '"code":0,' },
  { name = "wq.ok", weight = 2, method = "POST", path = "/v1/chat/completions", auth = VALID, ctype = JSON, body = CHAT,
    status = 200, dialect = "ok", expect = '"object":"chat.completion"' },
  { name = "sse.ok", method = "POST", path = "/v1/chat/completions", auth = VALID, ctype = JSON,
    body = '{"model":"echo-1","stream":true,"messages":[{"role":"user","content":"hi"}]}',
    status = 200, dialect = "sse", fails = false },
  { name = "sse.fail", method = "POST", path = "/v1/chat/completions", auth = VALID, ctype = JSON,
    body = '{"model":"echo-1","stream":true,"messages":[{"role":"user","content":"fail-mid-stream"}]}',
    status = 200, dialect = "sse", fails = true, code = "InternalServerError" },

  { name = "bc.validation", method = "POST", path = "/api/v1/tasks", auth = VALID, ctype = JSON, body = '{"max_tokens":5}',
    status = 400, dialect = "bc", code = "100002" },
  { name = "bc.binding", method = "POST", path = "/api/v1/tasks", auth = VALID, ctype = JSON, body = '{"prompt":',
    status = 400, dialect = "bc", code = "100001" },
  { name = "bc.module", method = "GET", path = "/api/v1/widgets", auth = VALID,
    status = 400, dialect = "bc", code = "400003" },
  { name = "bc.401.missing", method = "GET", path = "/api/v1/tasks",
    status = 401, dialect = "bc", code = "401001" },
  { name = "bc.401.invalid", method = "GET", path = "/api/v1/tasks", auth = "Bearer sk-soak-invalid",
    status = 401, dialect = "bc", code = "401002" },
  { name = "bc.402", method = "POST", path = "/api/v1/tasks", auth = "Bearer sk-demo-nobalance", ctype = JSON,
    body = '{"prompt":"hi"}', status = 402, dialect = "bc", code = "402000" },
  { name = "bc.404.unmatched", method = "GET", path = "/api/v1/tasks/a/b/c", auth = VALID,
    status = 404, dialect = "bc", code = "404000" },
  { name = "bc.404.missing", method = "GET", path = "/api/v1/tasks/tsk_missing", auth = VALID,
    status = 404, dialect = "bc", code = "404000" },
  { name = "bc.405", method = "PUT", path = "/api/v1/tasks", auth = VALID,
    status = 405, dialect = "bc", code = "405000" },
  { name = "bc.413", method = "POST", path = "/api/v1/tasks/tsk_demo/attachments", auth = VALID, ctype = "text/plain",
    body = OVERSIZE, status = 413, dialect = "bc", code = "413000" },
  { name = "bc.415", method = "POST", path = "/api/v1/tasks", auth = VALID, ctype = "text/plain", body = "hi",
    status = 415, dialect = "bc", code = "415000" },
  { name = "bc.429", method = "GET", path = "/api/v1/tasks", auth = "Bearer sk-demo-ratelimited",
    status = 429, dialect = "bc", code = "130005", retry = true,
    alt = { status = 200, dialect = "ok", expect = '"code":0,' } },
  { name = "bc.500.bug", method = "GET", path = "/api/v1/tasks/stats?model=echo-9", auth = VALID,
    status = 500, dialect = "bc", code = "530003" },
  { name = "bc.500.database", method = "GET", path = "/api/v1/tasks/tsk_demo/events", auth = VALID,
    status = 500, dialect = "bc", code = "500002" },
  { name = "bc.500.proxy", method = "GET", path = "/api/v1/tasks/tsk_demo/result", auth = VALID,
    status = 500, dialect = "bc", code = "500003" },
  { name = "bc.500.maintenance", method = "GET", path = "/api/v1/billing/invoices", auth = VALID,
    status = 500, dialect = "bc", code = "500001", retry = true },

  { name = "wq.400.missing", method = "POST", path = "/v1/chat/completions", auth = VALID, ctype = JSON,
    body = '{"model":"echo-1"}', status = 400, dialect = "wq", code = "InvalidArgument.MissingRequiredParameter" },
  { name = "wq.400.body", method = "POST", path = "/v1/chat/completions", auth = VALID, ctype = JSON,
    body = '{"messages":', status = 400, dialect = "wq", code = "InvalidArgument.RequestBodyInvalid" },
  { name = "wq.400.key", method = "POST", path = "/v1/chat/completions", auth = "Bearer sk-soak-invalid", ctype = JSON,
    body = CHAT, status = 400, dialect = "wq", code = "InvalidArgument.Authorization" },
  { name = "wq.401", method = "POST", path = "/v1/chat/completions", ctype = JSON, body = CHAT,
    status = 401, dialect = "wq", code = "Unauthorized" },
  { name = "wq.403.nobalance", method = "POST", path = "/v1/chat/completions", auth = "Bearer sk-demo-nobalance",
    ctype = JSON, body = CHAT, status = 403, dialect = "wq", code = "UnaccessibleUser" },
  { name = "wq.404", method = "GET", path = "/v1/models/echo-9", auth = VALID,
    status = 404, dialect = "wq", code = "ResourceNotFound" },
  { name = "wq.405", method = "GET", path = "/v1/chat/completions", auth = VALID,
    status = 405, dialect = "wq", code = "Method Not Allowed" },
  { name = "wq.413", method = "POST", path = "/v1/files", auth = VALID, ctype = "text/plain", body = OVERSIZE,
    status = 413, dialect = "wq", code = "Payload Too Large" },
  { name = "wq.429", method = "POST", path = "/v1/chat/completions", auth = "Bearer sk-demo-ratelimited", ctype = JSON,
    body = CHAT, status = 429, dialect = "wq", code = "TooManyRequests", retry = true,
    alt = { status = 200, dialect = "ok", expect = '"object":"chat.completion"' } },
  { name = "wq.500", method = "GET", path = "/v1/usage", auth = VALID,
    status = 500, dialect = "wq", code = "InternalServerError" },
  { name = "wq.503", method = "GET", path = "/v1/fine_tuning/jobs", auth = VALID,
    status = 503, dialect = "wq", code = "Service Unavailable", retry = true },

  { name = "pd.401", method = "GET", path = "/api/v1/tasks", accept = PROBLEM,
    status = 401, dialect = "pd", code = "401001" },
  { name = "pd.404", method = "GET", path = "/api/v1/tasks/tsk_missing", auth = VALID, accept = PROBLEM,
    status = 404, dialect = "pd", code = "404000" },
  { name = "pd.400", method = "POST", path = "/v1/chat/completions", auth = VALID, accept = PROBLEM, ctype = JSON,
    body = '{"model":"echo-1"}', status = 400, dialect = "pd", code = "100002" },
  { name = "pd.500", method = "GET", path = "/v1/usage", auth = VALID, accept = PROBLEM,
    status = 500, dialect = "pd", code = "500002" },
}

-- Main state: one entry per thread, to read their tallies in done().
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- Thread state. The tallies are globals: done() reads them with thread:get, which sees only globals.
local sequence, position, current
requests, errors_seen, invalid = 0, 0, 0
statuses, per_kind, problems = {}, {}, {}

function init(args)
  sequence = {}
  for _, kind in ipairs(kinds) do
    kind.request = wrk.format(kind.method, kind.path, {
      ["Authorization"] = kind.auth,
      ["Accept"] = kind.accept or "application/json",
      ["Content-Type"] = kind.ctype,
    }, kind.body)
    for _ = 1, kind.weight or 1 do
      table.insert(sequence, kind)
    end
  end
  position = (tid * 7) % #sequence -- threads start at different places in the mix
end

function request()
  position = position % #sequence + 1
  current = sequence[position]
  return current.request
end

-- Why a response does not answer its request as documented, or nil when it does.
local function check(kind, status, headers, body)
  if status ~= kind.status then
    return "status " .. status .. ", expected " .. kind.status
  end
  local ctype = headers["content-type"] or ""
  local dialect = kind.dialect
  if dialect == "ok" then
    if not body:find(kind.expect, 1, true) then return "no " .. kind.expect end
    return nil
  end
  if dialect == "sse" then
    if not ctype:find("text/event-stream", 1, true) then return "content type " .. ctype end
    local _, errors = body:gsub('data: {"error":', "")
    if not kind.fails then
      if errors ~= 0 then return "an error event in a stream that should succeed" end
      if body:sub(-14) ~= "data: [DONE]\n\n" then return "the stream does not end with [DONE]" end
      return nil
    end
    if errors ~= 1 then return errors .. " error events, expected exactly one" end
    if body:find("[DONE]", 1, true) then return "[DONE] after a failure" end
    local last = body:match('data: ({"error":.-})\n\n$')
    if not last then return "the stream does not end with its error event" end
    if not last:find('"code":"' .. kind.code .. '"', 1, true) then return "error event code, expected " .. kind.code end
    if not last:find('"request_id":"[^"]+"') then return "no request_id in the error event" end
    if last:find("Exception", 1, true) then return "exception details in the error event" end
    return nil
  end

  -- An error envelope, in Production: nothing of the exception behind it.
  if body:find("Exception", 1, true) or body:find("   at ", 1, true) then return "exception details in the body" end
  local cache = headers["cache-control"] or ""
  if not cache:find("no-store", 1, true) then return "Cache-Control '" .. cache .. "', expected no-store" end
  if kind.retry then
    local retry = tonumber(headers["retry-after"] or "")
    if not retry or retry < 1 then return "no Retry-After" end
  end
  local request_id = headers["x-request-id"]
  if not request_id or request_id == "" then return "no X-Request-Id header" end
  request_id = request_id:gsub("%p", "%%%0") -- matched as a pattern below
  if dialect == "bc" then
    if not ctype:find(JSON, 1, true) then return "content type " .. ctype end
    if not body:find('^{"code":' .. kind.code .. ',') then return "code, expected " .. kind.code end
    if not body:find('"request_id":"' .. request_id .. '"}$') then return "request_id missing or not the header's" end
  elseif dialect == "wq" then
    if not ctype:find(JSON, 1, true) then return "content type " .. ctype end
    if not body:find('{"error":{"code":"' .. kind.code .. '"', 1, true) then return "code, expected " .. kind.code end
    if not body:find('"request_id":"' .. request_id .. '"}$') then return "request_id missing or not the header's" end
  else
    if not ctype:find(PROBLEM, 1, true) then return "content type " .. ctype end
    if not body:find('"status":' .. kind.status .. ',', 1, true) then return "status member, expected " .. kind.status end
    if not body:find('"code":' .. kind.code .. '[,}]') then return "code, expected " .. kind.code end
    if not body:find('"traceId":"[^"]+"') then return "no traceId" end
  end
  return nil
end

function response(status, headers, body)
  local kind = current
  requests = requests + 1
  statuses[status] = (statuses[status] or 0) + 1
  per_kind[kind.name] = (per_kind[kind.name] or 0) + 1

  local lowered = {}
  for name, value in pairs(headers) do
    lowered[name:lower()] = value
  end

  local problem = check(kind, status, lowered, body)
  if problem and kind.alt then
    local alt = kind.alt
    if check({ status = alt.status, dialect = alt.dialect, expect = alt.expect }, status, lowered, body) == nil then
      problem = nil
    end
  end
  if problem then
    invalid = invalid + 1
    if #problems < 5 then
      table.insert(problems, kind.name .. " (" .. kind.method .. " " .. kind.path .. "): " .. problem
        .. "; body: " .. body:sub(1, 200))
    end
  end
  -- An error written by the library, valid or not (a failed stream is a 200 that ends with an error event).
  if status >= 400 or (kind.dialect == "sse" and body:find('data: {"error":', 1, true)) then
    errors_seen = errors_seen + 1
  end
end

function done(summary, latency, wrk_requests)
  local total, seen, bad = 0, 0, 0
  local by_status, by_kind, described = {}, {}, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("requests")
    seen = seen + thread:get("errors_seen")
    bad = bad + thread:get("invalid")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    for name, count in pairs(thread:get("per_kind")) do
      by_kind[name] = (by_kind[name] or 0) + count
    end
    for _, problem in ipairs(thread:get("problems")) do
      if #described < 5 then table.insert(described, problem) end
    end
  end

  local errors = summary.errors
  io.write(string.format("SOAK requests=%d errors_seen=%d invalid=%d kinds=%d\n", total, seen, bad, #kinds))
  io.write(string.format("SOAK socket_errors connect=%d read=%d write=%d timeout=%d\n",
    errors.connect, errors.read, errors.write, errors.timeout))
  local codes = {}
  for status in pairs(by_status) do table.insert(codes, status) end
  table.sort(codes)
  for _, status in ipairs(codes) do
    io.write(string.format("SOAK status %d %d\n", status, by_status[status]))
  end
  for _, kind in ipairs(kinds) do
    if not by_kind[kind.name] then
      io.write("SOAK unexercised " .. kind.name .. "\n")
    end
  end
  for _, problem in ipairs(described) do
    io.write("SOAK invalid-response " .. problem .. "\n")
  end
end
