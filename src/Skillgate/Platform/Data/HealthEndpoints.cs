using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Health;
using Skillgate.Platform.Jobs;

namespace Skillgate.Platform.Data;

internal static class HealthEndpoints
{
    /// <param name="Status">healthy; degraded (the database answers, another part does not); unhealthy (503: the database does not).</param>
    public sealed record Health(string Status, string Database, int? Migrations, string? Error, string Node, IReadOnlyList<HealthPart> Parts);

    /// <param name="Reason">Only for an administrator: paths and errors are not for everyone who can reach the port.</param>
    public sealed record HealthPart(string Name, bool? Working, string? Reason, DateTimeOffset? CheckedAt);

    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (NpgsqlDataSource dataSource, IEnumerable<IHealthReporter> reporters, IAuthorizationService authz, HttpContext http, IConfiguration configuration, CancellationToken ct) =>
            {
                var node = NodeName.Of(configuration);
                int? version;
                try
                {
                    await using var cmd = dataSource.CreateCommand("SELECT max(version) FROM platform.schema_migration");
                    version = await cmd.ExecuteScalarAsync(ct) as int?;
                }
                catch (NpgsqlException e)
                {
                    return Results.Json(new Health("unhealthy", "down", null, e.Message, node, []), statusCode: StatusCodes.Status503ServiceUnavailable);
                }

                var admin = http.User.Identity?.IsAuthenticated == true && (await authz.AuthorizeAsync(http.User, Permissions.UsersWrite)).Succeeded;
                var parts = new List<HealthPart>();
                foreach (var reporter in reporters)
                {
                    var item = await reporter.ReportAsync(false, ct);
                    parts.Add(new HealthPart(item.Name, item.Working, admin ? item.Reason : null, item.CheckedAt));
                }

                return Results.Ok(new Health(parts.Any(p => p.Working == false) ? "degraded" : "healthy", "up", version, null, node, parts));
            })
            .WithTags("Platform").WithName("Health")
            .WithSummary("The database (503 when it does not answer), then each part Skillgate depends on: database role, replica and lag, file store, face detector, SMTP, job runner.")
            .AllowAnonymous();
}
