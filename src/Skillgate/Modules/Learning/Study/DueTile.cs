using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Study;

/// <summary>The home page's "what is due": the caller's unfinished courses and exams, soonest deadline first, each with the gap it closes.</summary>
internal static class DueTile
{
    public static readonly HomeTile Tile = new("learning-due", 10, Permissions.LearnSelf, "home.tile.due", "~/Modules/Learning/Study/_DueTile.cshtml", LoadAsync);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<CurrentUser>().EmployeeId is null)
        {
            return null;
        }

        var mine = await services.GetRequiredService<LearningHandler>().MineAsync(ct);
        var reasons = mine.Recommended.ToDictionary(r => r.CourseId, r => r.Reasons[0]);
        return mine.Assigned.Where(i => i.Status != "completed")
            .OrderBy(i => i.DueOn ?? DateOnly.MaxValue).ThenBy(i => i.Code, StringComparer.Ordinal)
            .Select(i => new DueItem(i, reasons.GetValueOrDefault(i.CourseId)))
            .ToList();
    }
}

/// <summary>A course due, and the requirement or need it closes when it closes one.</summary>
internal sealed record DueItem(LearningItem Item, string? Reason);
