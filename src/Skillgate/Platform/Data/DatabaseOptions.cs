namespace Skillgate.Platform.Data;

/// <summary>Where the database is: a configured server, or the embedded cluster in the data folder.</summary>
public sealed class DatabaseOptions
{
    public required string ConnectionString { get; init; }

    public required string DataPath { get; init; }
}
