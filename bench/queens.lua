-- count the solutions of the n-queens problem by backtracking over tuples
local function solutions(placed, n)
  local row = #placed + 1
  if row > n then return 1 end
  local count = 0
  for col = 1, n do
    local ok = true
    for r = 1, #placed do
      if placed[r] == col or math.abs(placed[r] - col) == row - r then ok = false; break end
    end
    if ok then
      local next = {}
      for r = 1, #placed do next[r] = placed[r] end
      next[#placed + 1] = col
      count = count + solutions(next, n)
    end
  end
  return count
end
print(solutions({}, 11))
