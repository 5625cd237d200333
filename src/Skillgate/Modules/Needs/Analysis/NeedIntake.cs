using Skillgate.Modules.Needs.Contracts;

namespace Skillgate.Modules.Needs.Analysis;

/// <summary>Needs raised from other modules (a failed supervision check item) go through the same writer as the analysis.</summary>
internal sealed class NeedIntake(NeedWriter writer) : INeedIntake
{
    public Task RaiseAsync(RaisedNeed need, CancellationToken ct) =>
        writer.TakeAsync(
            new NeedSignal(
            need.SignalKey, need.Source, null, need.CourseId is { } c ? NeedAnalysis.DedupeKey(c, null, need.OrgUnitId) : $"{need.What}:unit:{need.OrgUnitId:N}", need.Title, need.CourseId,
            null, need.OrgUnitId, need.ScopeLabel, new EvidenceItem(need.Source, need.WhyKey, need.WhyArgs), "medium", need.DueOn, _ => Task.FromResult(need.Employees)),
            need.Employees, ct);
}
