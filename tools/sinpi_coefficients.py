#!/usr/bin/env python3
"""Coefficients of the sin(pi x) polynomial of simulator/src/lattice_factor.h.

sin(pi x) = x P(x^2) for |x| <= 1/2. P is the Taylor series of sin(pi sqrt(y))/sqrt(y)
(30 terms, 60-digit pi, exact rational arithmetic) Chebyshev-economised on y in [0, 1/4] and
truncated to degree DEG; the bound printed is the sum of the dropped Chebyshev coefficients.

    tools/sinpi_coefficients.py 8   # float64 kernel (9 terms)
    tools/sinpi_coefficients.py 4   # float32 kernel (5 terms)
"""
import sys
from fractions import Fraction as Fr
from math import comb, factorial

PI = Fr("3.14159265358979323846264338327950288419716939937510582097494459")
K = 30


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 1
    deg = int(sys.argv[1])
    taylor = [(-1) ** k * PI ** (2 * k + 1) / factorial(2 * k + 1) for k in range(K)]
    # y = (t + 1) / 8 maps t in [-1, 1] onto y in [0, 1/4]; expand in powers of t.
    pt = [Fr(0)] * K
    for k in range(K):
        for j in range(k + 1):
            pt[j] += taylor[k] * comb(k, j) / Fr(8) ** k
    # Chebyshev polynomials T_n(t) as monomial coefficient lists.
    T = [[Fr(1)], [Fr(0), Fr(1)]]
    for n in range(2, K):
        a = [Fr(0)] + [2 * x for x in T[n - 1]]
        b = T[n - 2] + [Fr(0)] * (len(a) - len(T[n - 2]))
        T.append([x - y for x, y in zip(a, b)])
    rem, cheb = pt[:], [Fr(0)] * K
    for n in range(K - 1, -1, -1):
        cheb[n] = rem[n] / T[n][n]
        for j in range(n + 1):
            rem[j] -= cheb[n] * T[n][j]
    print("degree %d in x^2: truncation bound %.3g (absolute, on sin(pi x)/x)"
          % (deg, float(sum(abs(x) for x in cheb[deg + 1:]))))
    poly_t = [Fr(0)] * (deg + 1)
    for n in range(deg + 1):
        for j in range(n + 1):
            poly_t[j] += cheb[n] * T[n][j]
    poly_y = [Fr(0)] * (deg + 1)
    for j in range(deg + 1):  # t = 8 y - 1
        for i in range(j + 1):
            poly_y[i] += poly_t[j] * comb(j, i) * Fr(8) ** i * (-1) ** (j - i)
    for x in poly_y:
        print("%.17g," % float(x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
