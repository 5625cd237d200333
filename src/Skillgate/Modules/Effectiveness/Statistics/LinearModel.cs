using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// Ordinary least squares with absorbed fixed effects and three covariance estimates: the usual σ²(X'X)⁻¹ on n−K degrees of
/// freedom; HC1, n/(n−K) times the sandwich; and cluster-robust CR1, G/(G−1)·(n−1)/(n−K′) times the clustered sandwich with
/// K′ set by the <see cref="DofRule"/>, tested on G−1 degrees of freedom. Without fixed effects an intercept is added.
/// </summary>
internal static class LinearModel
{
    public const string Intercept = "(Intercept)";

    public static RegressionResult Fit(RegressionInput input, DofRule rule = DofRule.Nested)
    {
        var n = input.Y.Length;
        var fe = new FixedEffects(input.FixedEffects);
        var columns = new List<(string Name, double[] Values)>();
        if (fe.Factors == 0)
        {
            columns.Add((Intercept, Enumerable.Repeat(1.0, n).ToArray()));
        }

        columns.AddRange(input.X.Select(c => (c.Name, (double[])c.Values.Clone())));
        var y = (double[])input.Y.Clone();
        fe.Absorb(y);
        foreach (var column in columns)
        {
            fe.Absorb(column.Values);
        }

        var p = columns.Count;
        var absorbed = fe.AbsorbedDimensions;
        var k = p + absorbed;
        if (p == 0)
        {
            throw new StatisticsException("The model has no regressor.");
        }

        if (n <= k)
        {
            throw new StatisticsException($"{n} rows cannot estimate {k} parameters.");
        }

        var x = Matrix<double>.Build.Dense(n, p, (i, j) => columns[j].Values[i]);
        var qr = x.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        CheckRank(qr.R, columns);
        var beta = qr.Solve(Vector<double>.Build.Dense(y));
        var residuals = Vector<double>.Build.Dense(y) - (x * beta);
        var rInverse = qr.R.Inverse();
        var bread = rInverse * rInverse.Transpose();
        var rss = residuals.DotProduct(residuals);

        var usual = bread * (rss / (n - k));
        var hc1 = Sandwich(bread, Meat(x, residuals, Enumerable.Range(0, n).ToArray(), n)) * ((double)n / (n - k));

        int? clusters = null;
        var clusterK = k;
        Matrix<double>? clustered = null;
        if (input.Cluster is { } cluster)
        {
            var g = cluster.Max() + 1;
            if (g < 2)
            {
                throw new StatisticsException("Clustered errors need at least two clusters.");
            }

            clusters = g;
            clusterK = rule == DofRule.Counted ? k : k - Enumerable.Range(0, fe.Factors).Where(f => fe.IsNestedIn(f, cluster)).Sum(fe.Levels);
            clustered = Sandwich(bread, Meat(x, residuals, cluster, g)) * ((double)g / (g - 1) * (n - 1) / (n - clusterK));
        }

        var coefficients = columns.Select((c, j) => new Coefficient(
            c.Name,
            beta[j],
            Infer(beta[j], usual[j, j], n - k),
            Infer(beta[j], hc1[j, j], n - k),
            clustered is null ? null : Infer(beta[j], clustered[j, j], clusters!.Value - 1))).ToList();
        return new RegressionResult(n, clusters, absorbed, k, clusterK, rule, rss, coefficients);
    }

    private static void CheckRank(Matrix<double> r, List<(string Name, double[] Values)> columns)
    {
        var largest = Enumerable.Range(0, r.ColumnCount).Max(j => Math.Abs(r[j, j]));
        for (var j = 0; j < r.ColumnCount; j++)
        {
            if (Math.Abs(r[j, j]) <= largest * 1e-10)
            {
                throw new StatisticsException($"'{columns[j].Name}' is collinear with the other regressors or the fixed effects.");
            }
        }
    }

    /// <summary>Σ_g (X_g'e_g)(X_g'e_g)' over the groups; with every row its own group, Σ x_i x_i' e_i².</summary>
    private static Matrix<double> Meat(Matrix<double> x, Vector<double> residuals, int[] group, int groups)
    {
        var p = x.ColumnCount;
        var scores = new double[groups, p];
        for (var i = 0; i < x.RowCount; i++)
        {
            for (var j = 0; j < p; j++)
            {
                scores[group[i], j] += x[i, j] * residuals[i];
            }
        }

        var u = Matrix<double>.Build.DenseOfArray(scores);
        return u.TransposeThisAndMultiply(u);
    }

    private static Matrix<double> Sandwich(Matrix<double> bread, Matrix<double> meat) => bread * meat * bread;

    private static Inference Infer(double estimate, double variance, int df)
    {
        var se = Math.Sqrt(variance);
        var t = estimate / se;
        var critical = StudentT.InvCDF(0, 1, df, 0.975);
        return new Inference(se, t, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)), estimate - (critical * se), estimate + (critical * se), df);
    }
}
