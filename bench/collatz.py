total = 0; longest = 0
for i in range(1, 150001):
    n = i; steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    total += steps
    if steps > longest:
        longest = steps
print(total, longest)
