using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Gate;

/// <summary>
/// The qualification gate: nobody works a post or an operation without meeting its requirements,
/// unless QA granted an override that is still in force.
/// </summary>
internal sealed class GateHandler(SkillgateDb db, QualificationEngine engine, TimeProvider clock, Texts t) : IAssignmentGate
{
    private static readonly string[] Passing = ["qualified", "expiring"];

    public Task<GateResult> CheckPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct) =>
        CheckAsync(employeeId, db.Set<Requirement>().Where(r => r.Active && r.PositionId == positionId), o => o.PositionId == positionId, ct);

    public Task<GateResult> CheckOperationAsync(Guid employeeId, Guid operationId, CancellationToken ct) =>
        CheckAsync(employeeId, db.Set<Requirement>().Where(r => r.Active && r.OperationId == operationId), o => o.OperationId == operationId, ct);

    public async Task<string?> RefusalForPositionAsync(Guid employeeId, Guid positionId, CancellationToken ct)
    {
        var result = await CheckPositionAsync(employeeId, positionId, ct);
        return result.Allowed ? null : result.Message;
    }

    public Task PositionsChangedAsync(IReadOnlyCollection<Guid> employeeIds, CancellationToken ct) =>
        employeeIds.Count == 0 ? Task.CompletedTask : engine.RefreshAsync(employeeIds, null, ct);

    private async Task<GateResult> CheckAsync(Guid employeeId, IQueryable<Requirement> requirements, System.Linq.Expressions.Expression<Func<Override, bool>> target, CancellationToken ct)
    {
        var list = await requirements.AsNoTracking().ToListAsync(ct);
        var statuses = await engine.EvaluateAsync(employeeId, list.Select(r => r.Id).ToList(), ct);
        var labels = await engine.LabelsAsync(list, ct);
        var unmet = statuses.Where(s => !Passing.Contains(s.Status))
            .Select(s => new UnmetRequirement(s.RequirementId, labels[s.RequirementId], s.Status, s.DueOn))
            .OrderBy(u => u.Requirement, StringComparer.Ordinal)
            .ToList();
        if (unmet.Count == 0)
        {
            return new GateResult(true, true, [], null, t["gate.qualified"]);
        }

        var now = clock.GetUtcNow();
        var overrideId = await db.Set<Override>().Where(target)
            .Where(o => o.EmployeeId == employeeId && o.RevokedAt == null && o.ExpiresAt > now)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        var reasons = string.Join("; ", unmet.Select(u => $"{u.Requirement} ({t["qualification." + u.Status]})"));
        return new GateResult(false, overrideId is not null, unmet, overrideId,
            overrideId is null ? t["gate.refused", reasons] : t["gate.overridden", reasons]);
    }
}
