s = set(range(1, 500001))
evens = {x for x in s if x % 2 == 0}
sq = [x * x for x in range(1, 250001)]
trip = [[a, b] for a in range(1, 281) for b in range(a, 281) if any(a * a + b * b == c * c for c in range(b, 397))]
print(len(evens), sum(sq), all(x % 2 == 0 for x in evens), any(x * x == 20736 for x in s), len(trip))
