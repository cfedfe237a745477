-- tuple element updates in a loop: a sieve and a histogram
local n = 3000000
local p = {}
for i = 1, n do p[i] = true end
p[1] = false
local i = 2
while i * i <= n do
  if p[i] then
    local j = i * i
    while j <= n do p[j] = false; j = j + i end
  end
  i = i + 1
end
local h = {}
for k = 1, 100 do h[k] = 0 end
for k = 1, 3000000 do local x = (k * k) % 100 + 1; h[x] = h[x] + 1 end
local primes = {}
for k = 1, n do if p[k] then primes[#primes + 1] = k end end
print(#primes, math.max(table.unpack(h)), h[1])
