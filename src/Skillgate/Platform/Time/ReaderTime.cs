using Dapper;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Time;

/// <summary>
/// Times as the reader of a page or export sees them (ADR 0023): in the zone of the unit the record belongs to, with that zone
/// named when it is not the reader's own (the zone of their employee's unit; for a user who is not an employee, the
/// installation's). One per request.
/// </summary>
internal sealed class ReaderTime(PlantTime plantTime, CurrentUser user, NpgsqlDataSource data)
{
    private TimeZoneInfo? reader;

    private async Task<TimeZoneInfo> ReaderZoneAsync(CancellationToken ct)
    {
        if (reader is not null)
        {
            return reader;
        }

        Guid? unit = null;
        if (user.EmployeeId is { } employee)
        {
            await using var connection = await data.OpenScopedAsync(ct);
            unit = await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT org_unit_id FROM org.employee_v WHERE id = @employee", new { employee }, cancellationToken: ct));
        }

        return reader = await plantTime.ZoneOfAsync(unit, ct);
    }

    /// <summary>The clock of a unit's records for this reader.</summary>
    public async Task<ZonedClock> ForAsync(Guid? unit, CancellationToken ct) => new(await plantTime.ZoneOfAsync(unit, ct), await ReaderZoneAsync(ct));
}

/// <summary>Writes instants in a record's zone; the zone is named when the reader lives in another.</summary>
internal sealed record ZonedClock(TimeZoneInfo Zone, TimeZoneInfo Reader)
{
    public bool Foreign => Zone.Id != Reader.Id;

    public DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    public string Format(DateTimeOffset at) =>
        Local(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + (Foreign ? " (" + Zone.Id + ")" : "");
}
