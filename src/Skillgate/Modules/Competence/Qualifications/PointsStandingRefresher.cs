using Dapper;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>Refreshes the stored statuses of active points requirements: for the given people after their points change, for everyone once a day (points age out of the window).</summary>
internal sealed class PointsStandingRefresher(CompetenceDb db, QualificationEngine engine) : IPointsStandingRefresh
{
    public Task RefreshAsync(IReadOnlyCollection<Guid> employees, CancellationToken ct) => employees.Count == 0 ? Task.CompletedTask : RefreshForAsync(employees, ct);

    /// <summary>Everyone's standing on the points requirements (null: all people).</summary>
    public async Task RefreshForAsync(IReadOnlyCollection<Guid>? employees, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        var requirements = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM competence.requirement WHERE kind = @kind AND active", new { kind = RequirementKind.Points }, transaction, cancellationToken: ct))).ToList();
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync(employees, requirements, ct);
        }
    }
}
