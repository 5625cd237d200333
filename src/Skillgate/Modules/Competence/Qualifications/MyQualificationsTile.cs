using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>The home page's "my qualifications": those not in order first (expired, to retrain, expiring, missing), then the rest.</summary>
internal static class MyQualificationsTile
{
    public static readonly HomeTile Tile = new("my-qualifications", 20, Permissions.LearnSelf, "home.tile.qualifications", "~/Modules/Competence/Qualifications/_MyQualificationsTile.cshtml", LoadAsync);

    private static readonly string[] Urgency = ["expired", "retraining_required", "not_trained", "expiring", "qualified"];

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<CurrentUser>().EmployeeId is not { } employee)
        {
            return null;
        }

        var all = await services.GetRequiredService<QualificationQueries>().ForEmployeeAsync(employee, ct);
        // A requirement carried by both the post and an operation reads the same: shown once, at its most urgent.
        return all.OrderBy(q => Array.IndexOf(Urgency, q.Status) is var i and >= 0 ? i : Urgency.Length).ThenBy(q => q.ValidUntil ?? DateOnly.MaxValue)
            .DistinctBy(q => q.Requirement, StringComparer.Ordinal).ToList();
    }
}
