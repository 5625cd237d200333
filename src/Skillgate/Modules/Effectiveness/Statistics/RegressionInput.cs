namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// A regression's data, rows complete: the outcome, the named regressors (column-wise), the fixed-effect factors and the cluster,
/// each coded 0…L−1 (see <see cref="Levels"/>).
/// </summary>
internal sealed record RegressionInput(
    double[] Y,
    IReadOnlyList<(string Name, double[] Values)> X,
    IReadOnlyList<int[]> FixedEffects,
    int[]? Cluster);

/// <summary>Codes a column of labels as dense levels 0…L−1 in order of first appearance.</summary>
internal static class Levels
{
    public static int[] Code<T>(IReadOnlyList<T> labels)
        where T : notnull
    {
        var codes = new Dictionary<T, int>();
        var result = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (!codes.TryGetValue(labels[i], out var code))
            {
                code = codes.Count;
                codes[labels[i]] = code;
            }

            result[i] = code;
        }

        return result;
    }
}
