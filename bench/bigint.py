import sys
if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)
f = 1
for i in range(1, 30001):
    f *= i
a, b = 0, 1
for i in range(200000):
    a, b = b, a + b
print(len(str(f)), len(str(a)), f % 1000003, a % 1000003, len(str(f // (a * a))))
