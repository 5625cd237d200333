namespace Skillgate.Modules.Effectiveness.Statistics;

/// <summary>
/// How many parameters the small-sample factor of clustered standard errors, G/(G−1)·(n−1)/(n−K), counts in K:
/// <see cref="Nested"/> leaves out fixed effects nested within the clusters (Stata <c>xtreg, fe vce(cluster)</c>, fixest);
/// <see cref="Counted"/> counts every absorbed effect as a dummy would be (<c>areg</c>, R <c>lm</c> + <c>sandwich::vcovCL</c>).
/// </summary>
internal enum DofRule
{
    Nested,
    Counted,
}
