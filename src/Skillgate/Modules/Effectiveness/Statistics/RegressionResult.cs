namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>One kind of standard error for a coefficient, with its t statistic, two-sided p-value and 95 % interval on <c>Df</c> degrees of freedom.</summary>
internal sealed record Inference(double StandardError, double T, double P, double Lower, double Upper, int Df);

internal sealed record Coefficient(string Name, double Estimate, Inference Usual, Inference Hc1, Inference? Clustered);

/// <summary>
/// An OLS fit: <c>Absorbed</c> parameters taken by the fixed effects, <c>Parameters</c> = regressors + absorbed (K of the usual and HC1
/// errors), <c>ClusterParameters</c> the K of the clustered errors under <c>Rule</c>.
/// </summary>
internal sealed record RegressionResult(
    int N,
    int? Clusters,
    int Absorbed,
    int Parameters,
    int ClusterParameters,
    DofRule Rule,
    double ResidualSumOfSquares,
    IReadOnlyList<Coefficient> Coefficients)
{
    public Coefficient this[string name] => Coefficients.Single(c => c.Name == name);
}
