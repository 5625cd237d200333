using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;

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

        // Whoever holds a code signed with the secret may check in, invited or not, from any unit.
        await using var connection = await dataSource.OpenSystemAsync(ct);
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
