using Dapper;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Points.Certifications;

/// <summary>
/// Grants the certifications whose points threshold people reached (<c>points.grant_certifications</c>, once per person and
/// rule), records the rule's skill level in competence so the qualification gate counts it, and tells the person.
/// </summary>
internal sealed class CertificationGrants(UnitOfWork work, PlantCalendar calendar, ICompetenceRecorder competence, NotificationService notifications, Texts t)
{
    /// <summary>For these people, or everyone (null) when a rule was added or changed. Runs in the caller's transaction.</summary>
    public async Task<int> GrantDueAsync(IReadOnlyCollection<Guid>? employees, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        if (!await tx.Connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM points.certification_rule WHERE active)", null, tx.Sql, cancellationToken: ct)))
        {
            return 0;
        }

        var at = calendar.Now;
        var day = await calendar.DayOfAsync(at, ct);
        var granted = (await tx.Connection.QueryAsync<Granted>(new CommandDefinition(
            """
            SELECT g.certification_id AS Id, g.number AS Number, g.employee_id AS EmployeeId, g.earned AS Earned, r.name AS Name, r.min_points AS MinPoints,
                   r.skill_id AS SkillId, r.skill_level AS SkillLevel
            FROM points.grant_certifications(@employees, @at, @day::date) g JOIN points.certification_rule r ON r.id = g.rule_id
            """, new { employees = employees?.ToArray(), at, day = PlantCalendar.Sql(day) }, tx.Sql, cancellationToken: ct))).ToList();
        foreach (var g in granted)
        {
            if (g.SkillId is { } skill && g.SkillLevel is { } level)
            {
                await competence.RecordAsync(new TrainingOutcome(
                    g.EmployeeId, day, [], [new SkillOutcome(skill, level)], "points", t["points.certification_evidence", g.Name, g.Number, g.Earned, g.MinPoints], null, g.Id), ct);
            }

            await tx.AuditAsync("created", "points_certification", g.Id, null, new { g.Number, g.EmployeeId, g.Name, g.Earned });
            await notifications.SendToEmployeeAsync(tx.Connection, tx.Sql, g.EmployeeId, "points",
                () => (t["points.certification_granted", g.Name], t["points.certification_evidence", g.Name, g.Number, g.Earned, g.MinPoints]),
                "/Points/Certifications/Print?id=" + g.Id, $"points-certification:{g.Id}", ct);
        }

        await tx.CommitAsync(ct);
        return granted.Count;
    }

    private sealed record Granted(Guid Id, string Number, Guid EmployeeId, int Earned, string Name, int MinPoints, Guid? SkillId, int? SkillLevel);
}
