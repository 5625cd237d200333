namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// Absorbs one or two sets of fixed effects by the within transformation: each column is demeaned by every factor in turn until
/// nothing changes (alternating projections; one pass is exact for a single factor or a balanced two-way panel).
/// </summary>
internal sealed class FixedEffects
{
    private const int MaxSweeps = 100_000;
    private readonly IReadOnlyList<int[]> factors;
    private readonly int[][] counts;

    public FixedEffects(IReadOnlyList<int[]> factors)
    {
        if (factors.Count > 2)
        {
            throw new StatisticsException("At most two fixed-effect factors can be absorbed.");
        }

        this.factors = factors;
        counts = factors.Select(Count).ToArray();
    }

    public int Factors => factors.Count;

    /// <summary>
    /// Parameters the absorbed effects use: a factor's levels, less one for each connected component of the second factor's
    /// levels with the first (so a connected two-way panel absorbs L₁ + L₂ − 1).
    /// </summary>
    public int AbsorbedDimensions => factors.Count switch
    {
        0 => 0,
        1 => counts[0].Length,
        _ => counts[0].Length + counts[1].Length - Components(factors[0], counts[0].Length, factors[1], counts[1].Length),
    };

    /// <summary>Levels of the factor at <paramref name="index"/>.</summary>
    public int Levels(int index) => counts[index].Length;

    /// <summary>Whether every level of the factor at <paramref name="index"/> lies within one cluster.</summary>
    public bool IsNestedIn(int index, int[] cluster)
    {
        var owner = new int[counts[index].Length];
        Array.Fill(owner, -1);
        var factor = factors[index];
        for (var i = 0; i < factor.Length; i++)
        {
            if (owner[factor[i]] == -1)
            {
                owner[factor[i]] = cluster[i];
            }
            else if (owner[factor[i]] != cluster[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Demeans <paramref name="column"/> in place.</summary>
    public void Absorb(double[] column)
    {
        if (factors.Count == 0)
        {
            return;
        }

        var sums = counts.Select(c => new double[c.Length]).ToArray();
        var scale = column.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var tolerance = Math.Max(scale, 1) * 1e-14;
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var change = 0.0;
            for (var f = 0; f < factors.Count; f++)
            {
                change = Math.Max(change, Demean(column, factors[f], counts[f], sums[f]));
            }

            if (factors.Count == 1 || change <= tolerance)
            {
                return;
            }
        }

        throw new StatisticsException("The fixed effects did not converge.");
    }

    private static double Demean(double[] column, int[] factor, int[] count, double[] sum)
    {
        Array.Clear(sum);
        for (var i = 0; i < column.Length; i++)
        {
            sum[factor[i]] += column[i];
        }

        var change = 0.0;
        for (var l = 0; l < sum.Length; l++)
        {
            sum[l] /= count[l];
            change = Math.Max(change, Math.Abs(sum[l]));
        }

        for (var i = 0; i < column.Length; i++)
        {
            column[i] -= sum[factor[i]];
        }

        return change;
    }

    private static int[] Count(int[] factor)
    {
        var levels = factor.Length == 0 ? 0 : factor.Max() + 1;
        var count = new int[levels];
        foreach (var level in factor)
        {
            count[level]++;
        }

        return count;
    }

    private static int Components(int[] first, int firstLevels, int[] second, int secondLevels)
    {
        var parent = Enumerable.Range(0, firstLevels + secondLevels).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        for (var i = 0; i < first.Length; i++)
        {
            parent[Find(first[i])] = Find(firstLevels + second[i]);
        }

        return Enumerable.Range(0, parent.Length).Select(Find).Distinct().Count();
    }
}
