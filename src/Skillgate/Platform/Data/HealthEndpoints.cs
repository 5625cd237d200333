using Npgsql;

namespace Skillgate.Platform.Data;

internal static class HealthEndpoints
{
    public sealed record Health(string Status, string Database, int? Migrations, string? Error);

    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                try
                {
                    await using var cmd = dataSource.CreateCommand("SELECT max(version) FROM platform.schema_migration");
                    var version = await cmd.ExecuteScalarAsync(ct) as int?;
                    return Results.Ok(new Health("healthy", "up", version, null));
                }
                catch (NpgsqlException e)
                {
                    return Results.Json(new Health("unhealthy", "down", null, e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithTags("Platform").WithName("Health").WithSummary("Reports whether the database answers.").AllowAnonymous();
}
