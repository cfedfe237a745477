f = {}
for i in range(1, 1500001):
    f[i % 5003] = i
count = {}
for i in range(1, 1010):
    count['k' + str(i)] = 0
for i in range(1, 1500001):
    count['k' + str((i * i) % 1009 + 1)] += 1
total = 0
for k, v in count.items():
    total += v
print(len(f), f[17], len(count), total, max(count[k] for k in count))
