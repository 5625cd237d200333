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

    /// <summary>
    /// The zone a fixed UTC offset from the settings that zones replaced stands for (ADR 0023): +8 is China's zone, other whole
    /// hours the fixed <c>Etc/GMT</c> zones (whose sign is reversed: UTC+3 is Etc/GMT-3), the usual half and three-quarter hours
    /// the zones that keep them; null for an offset no zone has.
    /// </summary>
    public static string? OfLegacyOffset(double hours) => hours switch
    {
        8 => Default,
        0 => "UTC",
        >= -12 and <= 14 when hours == Math.Floor(hours) => FormattableString.Invariant($"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}"),
        -9.5 => "Pacific/Marquesas",
        -3.5 => "America/St_Johns",
        3.5 => "Asia/Tehran",
        4.5 => "Asia/Kabul",
        5.5 => "Asia/Kolkata",
        5.75 => "Asia/Kathmandu",
        6.5 => "Asia/Yangon",
        9.5 => "Australia/Darwin",
        10.5 => "Australia/Lord_Howe",
        12.75 => "Pacific/Chatham",
        _ => null,
    };
}
