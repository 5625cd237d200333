using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Home;

/// <summary>
/// A worker's next session (invited, not yet over): when and where, and — while the attendance rules' check-in window is
/// open (30 minutes before the start to 30 after the end by default, so leaving people can check out) — the button that
/// opens the phone's scanner for the code on the room's screen.
/// </summary>
internal static class NextSessionTile
{
    public static readonly HomeTile Tile = new("next-session", 12, Permissions.LearnSelf, "home.tile.next_session", "~/Modules/Training/Home/_NextSessionTile.cshtml", LoadAsync);

    public sealed record Model(Guid Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, bool Open, int OpensMinutes);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<CurrentUser>().EmployeeId is not { } me)
        {
            return null;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var configuration = services.GetRequiredService<IConfiguration>();
        var opens = configuration.GetValue("Skillgate:Training:CheckInOpensMinutes", 30);
        var closes = TimeSpan.FromMinutes(configuration.GetValue("Skillgate:Training:CheckInClosesMinutes", 30));
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Title, DateTime StartsAt, DateTime EndsAt, string? Room)?>(new CommandDefinition(
            """
            SELECT s.id, s.title, s.starts_at, s.ends_at, r.name
            FROM training.participant p JOIN training.session s ON s.id = p.session_id LEFT JOIN training.room r ON r.id = s.room_id
            WHERE p.employee_id = @me AND p.status = 'invited' AND s.status = 'scheduled' AND s.ends_at > @since
            ORDER BY s.starts_at LIMIT 1
            """, new { me, since = now - closes }, cancellationToken: ct));
        if (row is not { } r)
        {
            return null;
        }

        var (starts, ends) = (Utc(r.StartsAt), Utc(r.EndsAt));
        return new Model(r.Id, r.Title, starts, ends, r.Room, now >= starts - TimeSpan.FromMinutes(opens) && now <= ends + closes, opens);
    }
}
