using Dapper;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Refreshes the stored statuses of the active requirements of one kind that are judged on records kept elsewhere (points,
/// credits): for the given people after their records change, for everyone once a day (the window or the year moves on).
/// </summary>
internal abstract class StandingRefresher(CompetenceDb db, QualificationEngine engine, string kind)
{
    public Task RefreshAsync(IReadOnlyCollection<Guid> employees, CancellationToken ct) => employees.Count == 0 ? Task.CompletedTask : RefreshForAsync(employees, ct);

    /// <summary>Everyone's standing on the requirements of the kind (null: all people).</summary>
    public async Task RefreshForAsync(IReadOnlyCollection<Guid>? employees, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        var requirements = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM competence.requirement WHERE kind = @kind AND active", new { kind }, transaction, cancellationToken: ct))).ToList();
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync(employees, requirements, ct);
        }
    }
}

/// <summary>Points requirements, judged on the points still inside their window.</summary>
internal sealed class PointsStandingRefresher(CompetenceDb db, QualificationEngine engine)
    : StandingRefresher(db, engine, RequirementKind.Points), IPointsStandingRefresh;

/// <summary>Credits requirements, judged on the year's credits (a course with credits completed or revoked, an external credit approved).</summary>
internal sealed class CreditsStandingRefresher(CompetenceDb db, QualificationEngine engine)
    : StandingRefresher(db, engine, RequirementKind.Credits), ICreditsStandingRefresh;
