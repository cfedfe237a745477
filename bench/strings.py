sevens = 0
for r in range(30):
    s = ''
    for i in range(1, 50001):
        s += str(i % 10)
    for i in range(len(s)):
        if s[i] == '7':
            sevens += 1
parts = ','.join(str(i) for i in range(1, 200001)).split(',')
print(len(s), sevens, len(parts), parts[-1])
