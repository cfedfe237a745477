-- map updates: f(x) := y, count(w) +:= 1, lookups and iteration over pairs
local f = {}
for i = 1, 1500000 do f[i % 5003] = i end
local count, nc = {}, 0
for i = 1, 1009 do count['k' .. tostring(i)] = 0; nc = nc + 1 end
for i = 1, 1500000 do
  local k = 'k' .. tostring((i * i) % 1009 + 1)
  count[k] = count[k] + 1
end
local total = 0
for k, v in pairs(count) do total = total + v end
local best = nil
for k, v in pairs(count) do if best == nil or v > best then best = v end end
local nf = 0  -- a Lua table does not keep its size: count the keys once
for k in pairs(f) do nf = nf + 1 end
print(nf, f[17], nc, total, best)
