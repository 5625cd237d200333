using Dapper;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Auth;

internal sealed record SignInDto(Guid Id, DateTimeOffset StartedAt, string? UserAgent, bool Current);

/// <summary>
/// The open sign-ins of a user. Signing out ends the cookie's sign-in; signing out everywhere ends all of them and renews the
/// user's security stamp, so every copy of every cookie stops working on every node.
/// </summary>
internal sealed class SignIns(NpgsqlDataSource dataSource, UnitOfWork work, AuthChanges changes, CurrentUser me, TimeProvider clock)
{
    public async Task<Guid> StartAsync(Guid userId, string? userAgent, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO auth.sign_in (id, user_id, started_at, user_agent) VALUES (@id, @userId, @now, @agent)",
            new { id, userId, now = clock.GetUtcNow(), agent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent }, cancellationToken: ct));
        return id;
    }

    public async Task EndAsync(Guid signIn, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE auth.sign_in SET ended_at = @now, ended_reason = 'sign_out' WHERE id = @signIn AND ended_at IS NULL",
            new { signIn, now = clock.GetUtcNow() }, cancellationToken: ct));
        await changes.SignInEndedAsync(signIn, ct);
    }

    public async Task<IReadOnlyList<SignInDto>> OpenAsync(Guid userId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, DateTime StartedAt, string? UserAgent)>(new CommandDefinition(
            "SELECT id, started_at, user_agent FROM auth.sign_in WHERE user_id = @userId AND ended_at IS NULL ORDER BY started_at DESC LIMIT 100",
            new { userId }, cancellationToken: ct));
        return [.. rows.Select(r => new SignInDto(r.Id, new DateTimeOffset(r.StartedAt, TimeSpan.Zero), r.UserAgent, r.Id == me.SignInId))];
    }

    /// <summary>Ends every open sign-in of the user and renews their security stamp; returns how many sign-ins were open.</summary>
    public async Task<int> EndEverywhereAsync(Guid userId, bool byAdministrator, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;
        var ended = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE auth.sign_in SET ended_at = @now, ended_reason = @reason WHERE user_id = @userId AND ended_at IS NULL
            """, new { userId, now, reason = byAdministrator ? "administrator" : "everywhere" }, tx.Sql, cancellationToken: ct));
        var found = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE auth.app_user SET security_stamp = @stamp WHERE id = @userId", new { userId, stamp = Guid.NewGuid() }, tx.Sql, cancellationToken: ct));
        if (found == 0)
        {
            throw new Web.NotFoundException("user");
        }

        await tx.AuditAsync("sign_out_everywhere", "user", userId,
            null, new { signInsEnded = ended, byAdministrator });
        await tx.CommitAsync(ct);
        await changes.UserChangedAsync(userId, ct);
        return ended;
    }
}
