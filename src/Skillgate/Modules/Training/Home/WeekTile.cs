using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Anomalies;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Home;

/// <summary>
/// The home page of those who run or watch training (HR, heads, QA, instructors): this week's sessions (the plant's week) in their scope with
/// how many of the invited checked in, and the check-in anomalies still waiting for a review.
/// </summary>
internal static class WeekTile
{
    public static readonly HomeTile Tile = new("training-week", 15, Permissions.TrainingRead, "home.tile.week", "~/Modules/Training/Home/_WeekTile.cshtml", LoadAsync);

    public sealed record Session(Guid Id, string Title, DateTimeOffset StartsAt, int Invited, int CheckedIn)
    {
        public int? RatePercent => Invited == 0 ? null : (int)Math.Round(100.0 * CheckedIn / Invited);
    }

    public sealed record Model(IReadOnlyList<Session> Sessions, int OpenAnomalies);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var from = new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local));
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, string Title, DateTime StartsAt, int Invited, int CheckedIn)>(new CommandDefinition(
            """
            SELECT s.id, s.title, s.starts_at,
                   (SELECT count(*)::int FROM training.participant p WHERE p.session_id = s.id AND p.status = 'invited'),
                   (SELECT count(DISTINCT a.employee_id)::int FROM training.attendance a
                    JOIN training.participant p ON p.session_id = a.session_id AND p.employee_id = a.employee_id AND p.status = 'invited'
                    WHERE a.session_id = s.id AND a.kind = 'in' AND a.revoked_at IS NULL)
            FROM training.session s
            WHERE s.starts_at >= @from AND s.starts_at < @to AND s.status <> 'cancelled'
            ORDER BY s.starts_at LIMIT 50
            """, new { from, to = from.AddDays(7) }, cancellationToken: ct));
        var anomalies = await services.GetRequiredService<AnomalyHandler>().OpenCountAsync(ct);
        return new Model([.. rows.Select(r => new Session(r.Id, r.Title, Utc(r.StartsAt), r.Invited, r.CheckedIn))], anomalies);
    }
}
