namespace Skillgate.Modules.Organization.Contracts;

/// <summary>
/// Asked before an employee is put on a post (未培训不得上岗). The competence module answers; the
/// organisation module refuses the change when the answer is no, and reports the change when it is made.
/// </summary>
public interface IAssignmentGate
{
    /// <returns>Null when allowed; otherwise the message and every unmet requirement.</returns>
    Task<AssignmentRefusal?> RefusalForPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct);

    /// <summary>The employees' posts changed (assignment, transfer, import): their tracked statuses follow.</summary>
    Task PositionsChangedAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct);
}

/// <summary>Why a post was refused: a message in the caller's language and each unmet requirement (answered as <c>unmet</c> in the 409).</summary>
public sealed record AssignmentRefusal(string Message, IReadOnlyList<AssignmentShortfall> Unmet)
{
    public IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["unmet"] = Unmet };
}

/// <summary>One requirement the person does not meet: which, its status (not_trained, expired, retraining_required …) and any due date.</summary>
public sealed record AssignmentShortfall(Guid RequirementId, string Requirement, string Status, DateOnly? DueOn);
