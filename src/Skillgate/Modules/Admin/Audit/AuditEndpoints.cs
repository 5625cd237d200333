using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Admin.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", async (string? entityType, string? actor, int? page, int? pageSize, AuditHistory history, CancellationToken ct) =>
            {
                var request = Skillgate.Platform.Contracts.PageRequest.Of(page ?? 1, pageSize ?? 50, 200);
                var (rows, total) = await history.PageAsync(entityType, actor, request.Number, request.Size, ct);
                return new AuditPage(rows, total);
            })
            .WithTags("Audit").WithName("ListAuditEvents").WithSummary("The audit trail, newest first.").RequireAuthorization(Permissions.AuditRead);
        app.MapGet("/api/v1/audit/verify", (Npgsql.NpgsqlDataSource dataSource, CancellationToken ct) => AuditVerifier.VerifyAsync(dataSource, ct))
            .WithTags("Audit").WithName("VerifyAuditTrail").WithSummary("Walk the hash chain; report intact or the first broken row.").RequireAuthorization(Permissions.AuditRead);
    }
}

internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total);
