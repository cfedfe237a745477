n = 3000000
p = [True for i in range(n)]
p[0] = False
i = 2
while i * i <= n:
    if p[i - 1]:
        j = i * i
        while j <= n:
            p[j - 1] = False; j += i
    i += 1
h = [0 for k in range(100)]
for k in range(1, 3000001):
    h[(k * k) % 100] += 1
print(len([k for k in range(1, n + 1) if p[k - 1]]), max(h), h[0])
