s = set(range(1, 100001))
evens = {x for x in s if x % 2 == 0}
sq = [x * x for x in range(1, 50001)]
trip = [[a, b] for a in range(1, 151) for b in range(a, 151) if any(a * a + b * b == c * c for c in range(b, 214))]
print(len(evens), sum(sq), all(x % 2 == 0 for x in evens), any(x * x == 20736 for x in s), len(trip))
