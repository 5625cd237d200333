namespace Skillgate.Modules.Performance.Metrics;

/// <summary>
/// Sums a metric's facts to the subjects of a level: everything for the company; for an org unit, its own and every unit's
/// below it (only units holding the function, when one is named), a fact counting against the unit answering for it; for a
/// position, its people; for a person, their own.
/// </summary>
internal static class ScoreAggregator
{
    public static IReadOnlyList<SubjectTotal> Aggregate(string level, string? functionCode, IEnumerable<KpiFact> facts, OrgShape org)
    {
        var totals = new Dictionary<Guid, (decimal Num, decimal Den)>();
        foreach (var fact in facts)
        {
            foreach (var subject in Subjects(level, functionCode, fact, org))
            {
                totals[subject] = totals.TryGetValue(subject, out var t) ? (t.Num + fact.Numerator, t.Den + fact.Denominator) : (fact.Numerator, fact.Denominator);
            }
        }

        return totals.Where(t => t.Value.Num != 0 || t.Value.Den != 0)
            .Select(t => new SubjectTotal(level, t.Key, t.Value.Num, t.Value.Den)).OrderBy(t => t.SubjectId).ToList();
    }

    private static IEnumerable<Guid> Subjects(string level, string? functionCode, KpiFact fact, OrgShape org) => level switch
    {
        "company" => [Guid.Empty],
        "person" => fact.EmployeeId is { } e ? [e] : [],
        "position" => fact.EmployeeId is { } e && org.Positions.TryGetValue(e, out var p) && p is { } position ? [position] : [],
        "org_unit" => org.CountsAgainst(fact) is { } u
            ? org.UpFrom(u).Where(a => string.IsNullOrEmpty(functionCode) || org.Units[a].Functions.Contains(functionCode, StringComparer.Ordinal))
            : [],
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };
}
