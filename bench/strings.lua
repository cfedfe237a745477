-- string building and scanning by index, then join and split
-- (a buffer of pieces, as Lua builds strings)
local s, sevens = nil, 0
for r = 1, 30 do
  local buf = {}
  for i = 1, 50000 do buf[#buf + 1] = tostring(i % 10) end
  s = table.concat(buf)
  for i = 1, #s do if s:sub(i, i) == '7' then sevens = sevens + 1 end end
end
local nums = {}
for i = 1, 200000 do nums[i] = tostring(i) end
local joined = table.concat(nums, ',')
local parts = {}
for w in joined:gmatch('[^,]+') do parts[#parts + 1] = w end
print(#s, sevens, #parts, parts[#parts])
