using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Performance.Appeals;

/// <summary>
/// HR upholds an appeal: the adjustment it decided (kind and amount) is added to the closed period's results for the person.
/// Only someone who may close KPI periods decides, and never on their own score, whichever step a definition puts this on.
/// </summary>
internal sealed class AppealAction(UnitOfWork work, CurrentUser me, IAuthorizationService authorization, AuditActor actor, TimeProvider clock, Texts t) : IWorkflowStepAction
{
    public string Name => "kpi_appeal";

    public async Task RunAsync(WorkflowStepContext context, CancellationToken ct)
    {
        if (context.Subject is not { Type: "kpi_score" } subject)
        {
            throw new RuleViolationException("appeal_without_score", t["kpi.appeal_no_score"]);
        }

        if (!(await authorization.AuthorizeAsync(me.Principal, Permissions.KpiClose)).Succeeded)
        {
            throw new ForbiddenException("kpi_appeal_hr_only", t["kpi.appeal_hr_only"]);
        }

        var decided = context.Data.GetValueOrDefault(context.StepKey) ?? [];
        var kind = decided.GetValueOrDefault("kind");
        var v = new Validation();
        if (!PerformanceVocabularies.ResultKind.Contains(kind))
        {
            v.Add("kind", t["quality.one_of", string.Join(", ", PerformanceVocabularies.ResultKind.Codes)]);
        }

        if (!decimal.TryParse(decided.GetValueOrDefault("delta"), NumberStyles.Number, CultureInfo.InvariantCulture, out var delta) || Math.Abs(delta) > 1000)
        {
            v.Add("delta", t["kpi.appeal_delta"]);
        }

        v.ThrowIfInvalid();
        await using var tx = await work.BeginAsync(ct);
        var score = await tx.Connection.QuerySingleOrDefaultAsync<(Guid PeriodId, string SubjectKind, Guid SubjectId)?>(new CommandDefinition(
            "SELECT period_id, subject_kind, subject_id FROM kpi.score WHERE id = @id", new { id = subject.Id }, tx.Sql, cancellationToken: ct));
        if (score is not { SubjectKind: "person" } s)
        {
            throw new RuleViolationException("appeal_without_score", t["kpi.appeal_no_score"]);
        }

        if (s.SubjectId == me.EmployeeId)
        {
            throw new ForbiddenException("kpi_appeal_own", t["kpi.appeal_not_own"]);
        }

        var id = Guid.CreateVersion7();
        var reason = decided.GetValueOrDefault("decision") ?? "";
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO kpi.adjustment (id, period_id, score_id, employee_id, kind, delta, reason, instance_id, instance_number, decided_by, decided_at)
            VALUES (@id, @period, @score, @employee, @kind, @delta, @reason, @instance, @number, @by, @now)
            """,
            new
            {
                id, period = s.PeriodId, score = subject.Id, employee = s.SubjectId, kind, delta, reason, instance = context.InstanceId, number = context.Number,
                by = actor.Current.Name, now = clock.GetUtcNow().UtcDateTime,
            }, tx.Sql, cancellationToken: ct));
        await tx.AuditAsync("appeal_upheld", "kpi_score", subject.Id, null, new { adjustment = id, kind, delta, reason, appeal = context.Number });
        await tx.CommitAsync(ct);
    }
}
