namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// A requirement as <c>competence.evaluate_at</c> judged it for one person at one moment, with what its label needs (the
/// document version in force then). The gate and the trace read rows of this shape and apply prerequisites the same way.
/// </summary>
internal abstract class EvaluatedRequirement
{
    public static readonly IReadOnlySet<string> Passing = new HashSet<string>(StringComparer.Ordinal) { "qualified", "expiring" };

    public Guid? RequirementId { get; init; }

    public string? Status { get; init; }

    public DateOnly? DueOn { get; init; }

    public string? Kind { get; init; }

    public int? MinLevel { get; init; }

    public string? SkillName { get; init; }

    public string? DocumentCode { get; init; }

    public int? Major { get; init; }

    public int? Minor { get; init; }

    public Guid[]? PrerequisiteIds { get; init; }

    public int? MinPoints { get; init; }

    public int? PointsMonths { get; init; }

    public decimal? MinCredits { get; init; }

    public string? CreditCategory { get; init; }

    public string Label(QualificationEngine engine) =>
        engine.Label(Kind!, SkillName, MinLevel, DocumentCode, Major is { } major ? $"v{major}.{Minor}" : null, MinPoints, PointsMonths, MinCredits, CreditCategory);

    /// <summary>Each requirement's status with one level of prerequisites applied: a passing one whose prerequisite does not pass counts as not trained.</summary>
    public static Dictionary<Guid, string> WithPrerequisites(IReadOnlyCollection<EvaluatedRequirement> rows)
    {
        var passing = rows.Where(r => r.RequirementId is not null).ToDictionary(r => r.RequirementId!.Value, r => Passing.Contains(r.Status ?? ""));
        return rows.Where(r => r.RequirementId is not null).ToDictionary(
            r => r.RequirementId!.Value,
            r => passing[r.RequirementId!.Value] && !(r.PrerequisiteIds ?? []).All(p => passing.GetValueOrDefault(p)) ? "not_trained" : r.Status!);
    }
}
