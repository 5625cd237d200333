namespace Skillgate.Platform.Data;

/// <summary>A <c>timestamptz</c> as Dapper hands it over (a <see cref="DateTime"/> in UTC) as the offset the contracts carry.</summary>
internal static class DbTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
