s = set()
for i in range(1, 800001):
    s.add((i * 7919) % 400009)
for i in range(1, 160001):
    s.discard(3 * i)
hits = 0
for i in range(1, 800001):
    if i in s:
        hits += 1
print(len(s), hits, 400007 in s, 3 in s)
