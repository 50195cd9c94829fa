import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionZ, twoSidedTP, welchT } from '../../src/kpis/significance';

// Reference values from SciPy 1.x: chi2_contingency(correction=False), ttest_ind(equal_var=False), t.sf, norm.cdf.
describe('significance tests', () => {
  it('match the normal and t distributions', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(twoSidedTP(2.228139, 10)).toBeCloseTo(0.05, 5); // qt(0.975, 10)
    expect(twoSidedTP(1, 1)).toBeCloseTo(0.5, 6);
    expect(twoSidedTP(0, 7)).toBeCloseTo(1, 9);
  });

  it('two-proportion z: 45/100 vs 60/100', () => {
    // chi2_contingency([[45, 55], [60, 40]], correction=False): chi2 = 4.5113, p = 0.033672
    const r = twoProportionZ(45, 100, 60, 100)!;
    expect(r.difference).toBeCloseTo(0.15, 10);
    expect(r.statistic ** 2).toBeCloseTo(4.5113, 3);
    expect(r.p).toBeCloseTo(0.03367, 4);
    expect(twoProportionZ(0, 0, 1, 2)).toBeNull();
    expect(twoProportionZ(0, 10, 0, 10)).toBeNull();
  });

  it("Welch's t: the classic unequal-variance example", () => {
    // x = c(19.1, 21.3, 20.5, 22.0, 18.7), y = c(24.9, 28.1, 23.5, 27.2, 30.0, 26.4)
    const x = [19.1, 21.3, 20.5, 22.0, 18.7];
    const y = [24.9, 28.1, 23.5, 27.2, 30.0, 26.4];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const variance = (v: number[]) => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1);
    const r = welchT(mean(x), variance(x), x.length, mean(y), variance(y), y.length)!;
    // ttest_ind(y, x, equal_var=False): t = 5.612740, df = 8.372420, p = 0.00042709 (sign: b − a)
    expect(r.statistic).toBeCloseTo(5.61274, 4);
    expect(r.df).toBeCloseTo(8.37242, 4);
    expect(r.p).toBeCloseTo(0.00042709, 7);
    expect(welchT(1, 0, 1, 2, 1, 5)).toBeNull();
  });
});
