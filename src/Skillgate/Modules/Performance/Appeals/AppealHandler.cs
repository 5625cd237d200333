using Dapper;
using Npgsql;
using Skillgate.Modules.Performance.Contracts;
using Skillgate.Modules.Performance.Periods;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Performance.Appeals;

/// <summary>
/// A person appeals one of their own scores of a closed period, within <c>Skillgate:Kpi:AppealDays</c> (15) days of its close,
/// through the KPI-APPEAL workflow: their department head reviews, HR decides, and an upheld appeal adjusts the period's results.
/// </summary>
internal sealed class AppealHandler(NpgsqlDataSource dataSource, IWorkflowStarter starter, CurrentUser me, IConfiguration configuration, TimeProvider clock, Texts t)
{
    public const string Definition = "KPI-APPEAL";

    public int WindowDays => configuration.GetValue<int?>("Skillgate:Kpi:AppealDays") ?? 15;

    public async Task<InstanceDto> StartAsync(Guid scoreId, AppealInput input, CancellationToken ct)
    {
        var score = await OwnAsync(scoreId, ct);
        if (score.Status != "closed")
        {
            throw new RuleViolationException("kpi_appeal_open_period", t["kpi.appeal_needs_close", score.Label]);
        }

        if (clock.GetUtcNow() > Utc(score.ClosedAt!.Value).AddDays(WindowDays))
        {
            throw new RuleViolationException("kpi_appeal_window", t["kpi.appeal_window", WindowDays, score.Label]);
        }

        if (score.Decided)
        {
            throw new RuleViolationException("kpi_appeal_decided", t["kpi.appeal_decided", score.Label]);
        }

        var reason = input.Reason?.Trim();
        new Validation().Require("reason", reason, t["validation.required"]).MaxLength("reason", reason, 2000, t["validation.max_length", 2000]).ThrowIfInvalid();
        return await starter.StartAsync(new WorkflowStart(
            Definition, score.Unit, t["kpi.appeal_title", score.Code, score.Label], new WorkflowSubject("kpi_score", scoreId),
            new Dictionary<string, string?> { ["reason"] = reason }), ct);
    }

    /// <summary>The caller's own scores of closed periods still open to appeal, and every appeal they made.</summary>
    public async Task<KpiAppeals> MineAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not { } employee)
        {
            return new KpiAppeals(WindowDays, [], []);
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-WindowDays);
        var open = await connection.QueryAsync<(Guid Id, string Code, string NameZh, string NameEn, string Kind, DateTime StartsOn, decimal? Value, decimal Target, bool? Met, DateTime ClosedAt)>(new CommandDefinition(
            """
            SELECT s.id, d.code, v.name_zh, v.name_en, p.kind, p.starts_on::timestamp, s.value, s.target, s.met, p.closed_at
            FROM kpi.score s JOIN kpi.period p ON p.id = s.period_id JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
            WHERE s.subject_kind = 'person' AND s.subject_id = @employee AND p.status = 'closed' AND p.closed_at >= @since ORDER BY p.starts_on DESC, d.code
            """, new { employee, since }, cancellationToken: ct));
        var appeals = await connection.QueryAsync<(Guid Id, string Number, string Title, string Status, DateTime StartedAt, DateTime? ClosedAt, Guid ScoreId)>(new CommandDefinition(
            """
            SELECT i.id, i.number, i.title, i.status, i.started_at, i.closed_at, i.subject_id FROM workflow.instance_v i
            JOIN kpi.score s ON s.id = i.subject_id AND s.subject_kind = 'person' AND s.subject_id = @employee
            WHERE i.subject_type = 'kpi_score' AND i.definition_code = @definition ORDER BY i.started_at DESC, i.id DESC
            """, new { employee, definition = Definition }, cancellationToken: ct));
        return new KpiAppeals(
            WindowDays,
            open.Select(o => new AppealableScore(o.Id, o.Code, Definitions.DefinitionHandler.NameIn(o.NameZh, o.NameEn), PeriodCalendar.Label(o.Kind, DateOnly.FromDateTime(o.StartsOn)),
                o.Value, o.Target, o.Met, DateOnly.FromDateTime(o.ClosedAt.AddDays(WindowDays)))).ToList(),
            appeals.Select(a => new KpiAppealDto(a.Id, a.Number, a.Title, a.Status, Utc(a.StartedAt), a.ClosedAt is { } c ? Utc(c) : null, a.ScoreId)).ToList());
    }

    private async Task<OwnScore> OwnAsync(Guid scoreId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var score = await connection.QuerySingleOrDefaultAsync<ScoreRow>(new CommandDefinition(
            """
            SELECT s.subject_kind, s.subject_id, p.status, p.closed_at, p.kind, p.starts_on::timestamp AS starts_on, d.code, e.org_unit_id AS unit,
                   EXISTS (SELECT 1 FROM workflow.instance_v i WHERE i.subject_type = 'kpi_score' AND i.subject_id = s.id AND i.definition_code = @definition AND i.status <> 'open') AS decided
            FROM kpi.score s JOIN kpi.period p ON p.id = s.period_id JOIN kpi.definition_version v ON v.id = s.definition_version_id JOIN kpi.definition d ON d.id = v.definition_id
            LEFT JOIN org.employee_v e ON s.subject_kind = 'person' AND e.id = s.subject_id
            WHERE s.id = @scoreId
            """, new { scoreId, definition = Definition }, cancellationToken: ct)) ?? throw new NotFoundException(t["kpi.score_unknown"]);
        if (score.SubjectKind != "person" || score.SubjectId != me.EmployeeId || score.Unit is not { } unit)
        {
            throw new ForbiddenException("kpi_appeal_own_only", t["kpi.appeal_own_only"]);
        }

        return new OwnScore(score.Status, score.ClosedAt, PeriodCalendar.Label(score.Kind, DateOnly.FromDateTime(score.StartsOn)), score.Code, unit, score.Decided);
    }

    private sealed record ScoreRow(string SubjectKind, Guid SubjectId, string Status, DateTime? ClosedAt, string Kind, DateTime StartsOn, string Code, Guid? Unit, bool Decided);

    private sealed record OwnScore(string Status, DateTime? ClosedAt, string Label, string Code, Guid Unit, bool Decided);
}
