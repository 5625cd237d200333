using Dapper;
using Npgsql;

namespace Skillgate.Platform.Time;

/// <summary>Which IANA zone ids a unit may name: those both .NET and PostgreSQL know, so a day is the same in C# and in SQL.</summary>
internal static class PlantZones
{
    /// <summary>The zone of a new installation's group, and of a root created without one when there is no other root.</summary>
    public const string Default = "Asia/Shanghai";

    /// <summary>Offered while typing a zone on the unit's page; any zone both sides know is accepted.</summary>
    public static readonly IReadOnlyList<string> Common =
    [
        "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Asia/Bangkok", "Asia/Ho_Chi_Minh",
        "Asia/Jakarta", "Asia/Kuala_Lumpur", "Asia/Kolkata", "Asia/Dubai", "Europe/Berlin", "Europe/London", "Europe/Paris", "Europe/Budapest",
        "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Mexico_City", "America/Sao_Paulo", "Africa/Johannesburg", "UTC",
    ];

    public static async Task<bool> KnownAsync(NpgsqlConnection connection, string? id, CancellationToken ct) =>
        id is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId
        && await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = @id)", new { id }, cancellationToken: ct));
}
