-- while and for loops with integer arithmetic: Collatz chain lengths
local total, longest = 0, 0
for i = 1, 150000 do
  local n, steps = i, 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  total = total + steps
  if steps > longest then longest = steps end
end
print(total, longest)
