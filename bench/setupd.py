s = set()
for i in range(1, 100001):
    s.add((i * 7919) % 50021)
for i in range(1, 20001):
    s.discard(3 * i)
hits = 0
for i in range(1, 100001):
    if i in s:
        hits += 1
print(len(s), hits, 50020 in s, 3 in s)
