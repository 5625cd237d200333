using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Notifications;

/// <summary>A department head who takes the monthly report: their language, where it goes and the units in their scope.</summary>
internal sealed class ReportReader
{
    public Guid UserId { get; init; }

    public string? Language { get; init; }

    public string Address { get; init; } = "";

    public Guid[] Units { get; init; } = [];
}

/// <summary>E-mail that carries a report: who takes the monthly one, and queuing a message with its PDF once per key and address.</summary>
internal sealed class ReportMail(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration)
{
    public bool Configured => !string.IsNullOrWhiteSpace(configuration["Skillgate:Smtp:Host"]);

    /// <summary>Active department heads with units in their scope and an address (their own, else their employee record's) who did not turn the report off.</summary>
    public async Task<IReadOnlyList<ReportReader>> HeadsAsync(CancellationToken ct)
    {
        using var system = SqlScope.AsSystem();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return [.. await connection.QueryAsync<ReportReader>(new CommandDefinition(
            """
            SELECT u.id AS UserId, u.language AS Language, a.address AS Address, array_agg(s.org_unit_id ORDER BY s.org_unit_id) AS Units
            FROM auth.app_user u
            JOIN auth.user_scope s ON s.user_id = u.id
            LEFT JOIN platform.notification_preference p ON p.user_id = u.id
            LEFT JOIN org.employee_v e ON e.id = u.employee_id
            CROSS JOIN LATERAL (SELECT coalesce(nullif(p.email, ''), e.email) AS address) a
            WHERE u.active AND 'DepartmentHead' = ANY (u.roles) AND coalesce(p.monthly_report, true) AND a.address IS NOT NULL
            GROUP BY u.id, u.language, a.address ORDER BY u.id
            """, cancellationToken: ct))];
    }

    public async Task<bool> QueuedAsync(string address, string dedupeKey, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM platform.delivery WHERE channel = 'email' AND target = @address AND dedupe_key = @dedupeKey)", new { address, dedupeKey }, cancellationToken: ct));
    }

    /// <returns>False when this key already went to this address (or no SMTP server is configured).</returns>
    public async Task<bool> QueueAsync(string address, string subject, string body, string fileName, byte[] file, string dedupeKey, CancellationToken ct)
    {
        if (!Configured)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO platform.delivery (id, channel, target, dedupe_key, subject, body, attachment_name, attachment, next_attempt_at, created_at)
            VALUES (@id, 'email', @address, @dedupeKey, @subject, @body, @fileName, @file, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { id = Guid.CreateVersion7(now), address, dedupeKey, subject, body, fileName, file, now }, cancellationToken: ct)) == 1;
    }
}
