using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// The QR signing secret of each session, kept in memory after the first scan: a secret never changes, and a check-in burst
/// then needs no database read before its batch is written.
/// </summary>
internal sealed class SessionSecrets(NpgsqlDataSource dataSource)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<Guid, byte[]> secrets = new();

    public async Task<byte[]?> OfAsync(Guid sessionId, CancellationToken ct)
    {
        if (secrets.TryGetValue(sessionId, out var known))
        {
            return known;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var secret = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT qr_secret FROM training.session WHERE id = @sessionId", new { sessionId }, cancellationToken: ct));
        if (secret is not null)
        {
            if (secrets.Count >= MaxRemembered)
            {
                secrets.Clear();
            }

            secrets[sessionId] = secret;
        }

        return secret;
    }
}
