namespace Skillgate.Modules.Performance.Goals;

/// <summary>
/// How far goals are: a goal's achievement is its KPI's value against its target (1 when met, otherwise the share of the way,
/// never below 0); its progress is the weighted mean of its children's progress, or its own achievement when no child has
/// data. Both are rounded to four decimals half away from zero, as PostgreSQL rounds.
/// </summary>
internal static class GoalRollup
{
    public const int Decimals = 4;

    public static decimal? Achievement(decimal? value, decimal target, string direction) => value switch
    {
        null => null,
        { } v when direction == "lower" => v <= target ? 1m : target <= 0 ? 0m : Math.Round(target / v, Decimals, MidpointRounding.AwayFromZero),
        { } v => v >= target ? 1m : target <= 0 ? 1m : Math.Round(Math.Max(0, v) / target, Decimals, MidpointRounding.AwayFromZero),
    };

    public static string Status(decimal? progress) => progress switch
    {
        null => "no_data",
        >= 1m => "met",
        >= 0.9m => "near",
        _ => "behind",
    };

    /// <summary>Each goal's progress, children before parents (a broken parent link or a cycle leaves the goal to its own achievement).</summary>
    public static IReadOnlyDictionary<Guid, decimal?> Progress(IReadOnlyList<(Guid Id, Guid? ParentId, decimal Weight, decimal? Achievement)> goals)
    {
        var children = goals.Where(g => g.ParentId is not null).ToLookup(g => g.ParentId!.Value);
        var result = new Dictionary<Guid, decimal?>();
        var visiting = new HashSet<Guid>();

        decimal? Of((Guid Id, Guid? ParentId, decimal Weight, decimal? Achievement) goal)
        {
            if (result.TryGetValue(goal.Id, out var known))
            {
                return known;
            }

            if (!visiting.Add(goal.Id))
            {
                return goal.Achievement;
            }

            var measured = children[goal.Id].Select(c => (c.Weight, Progress: Of(c))).Where(c => c.Progress is not null).ToList();
            var weight = measured.Sum(c => c.Weight);
            var progress = weight > 0 ? Math.Round(measured.Sum(c => c.Weight * c.Progress!.Value) / weight, Decimals, MidpointRounding.AwayFromZero) : goal.Achievement;
            visiting.Remove(goal.Id);
            return result[goal.Id] = progress;
        }

        foreach (var goal in goals)
        {
            Of(goal);
        }

        return result;
    }
}
