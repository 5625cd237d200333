using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Standards.Documents;

/// <summary>
/// QA's home: versions waiting for review or release, and the documents with people still to retrain on their latest version,
/// counted per requirement from Competence's standing counts (a person a post and an operation both require it of counts twice:
/// "人次").
/// </summary>
internal static class ReleaseTile
{
    public static readonly HomeTile Tile = new("standards-release", 6, Permissions.HomeQa, "home.tile.release", "~/Modules/Standards/Documents/_ReleaseTile.cshtml", LoadAsync);

    public const int Shown = 5;

    public sealed record Waiting(Guid DocumentId, string Label, string Title, string Status);

    public sealed record Retraining(Guid DocumentId, string Label, int People, int Overdue);

    public sealed record Model(int WaitingCount, IReadOnlyList<Waiting> Versions, IReadOnlyList<Retraining> Outstanding);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM standards.document_version WHERE status IN ('in_review', 'approved')", cancellationToken: ct));
        var versions = await connection.QueryAsync<Waiting>(new CommandDefinition(
            """
            SELECT d.id AS DocumentId, d.code || ' v' || v.major || '.' || v.minor AS Label, d.title AS Title, v.status AS Status
            FROM standards.document_version v JOIN standards.document d ON d.id = v.document_id
            WHERE v.status IN ('in_review', 'approved') ORDER BY v.created_at LIMIT @shown
            """, new { shown = Shown }, cancellationToken: ct));
        var outstanding = await connection.QueryAsync<Retraining>(new CommandDefinition(
            """
            SELECT d.id AS DocumentId, d.code || ' v' || v.major || '.' || v.minor AS Label, sum(s.pairs)::int AS People,
                   coalesce(sum(s.pairs) FILTER (WHERE s.day < @today::date), 0)::int AS Overdue
            FROM competence.standing_count_v s JOIN competence.requirement_v r ON r.id = s.requirement_id AND r.active
            JOIN standards.document d ON d.id = r.document_id
            JOIN standards.document_version v ON v.document_id = d.id AND v.status = 'effective'
            WHERE s.status = 'retraining_required'
            GROUP BY d.id, d.code, v.major, v.minor ORDER BY 4 DESC, 3 DESC, 2 LIMIT @shown
            """, new { today = today.ToDateTime(TimeOnly.MinValue), shown = Shown }, cancellationToken: ct));
        return new Model(count, versions.ToList(), outstanding.ToList());
    }
}
