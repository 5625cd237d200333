namespace Skillgate.Modules.Organization.Contracts;

/// <summary>
/// Asked before an employee is put on a post (未培训不得上岗). The competence module answers; the
/// organisation module refuses the change when the answer is no, and reports the change when it is made.
/// </summary>
public interface IAssignmentGate
{
    /// <returns>Null when allowed; otherwise the message naming every unmet requirement.</returns>
    Task<string?> RefusalForPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct);

    /// <summary>The employees' posts changed (assignment, transfer, import): their tracked statuses follow.</summary>
    Task PositionsChangedAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct);
}
