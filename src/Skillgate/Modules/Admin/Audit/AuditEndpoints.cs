using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", async (string? entityType, string? actor, int? page, int? pageSize, AuditHistory history, CancellationToken ct) =>
            {
                var request = Skillgate.Platform.Contracts.PageRequest.Of(page ?? 1, pageSize ?? 50, 200);
                var (rows, total, lowerBound) = await history.PageAsync(entityType, actor, request.Number, request.Size, ct);
                return new AuditPage(rows, total, lowerBound);
            })
            .WithTags("Audit").WithName("ListAuditEvents").WithSummary("The audit trail, newest first.").RequireAuthorization(Permissions.AuditRead);
        app.MapGet("/api/v1/audit/verify", (Npgsql.NpgsqlDataSource dataSource, CheckpointLog log, IConfiguration configuration, CancellationToken ct) =>
                AuditVerifier.VerifyAsync(dataSource, log, AuditVerifier.UnchainedLimit(configuration), ct))
            .WithTags("Audit").WithName("VerifyAuditTrail")
            .WithSummary("Walk the hash chain and hold it against this node's signed checkpoints; report intact or the first bad position, the last good checkpoint and records left unchained.")
            .RequireAuthorization(Permissions.AuditRead);
        app.MapGet("/api/v1/audit/{id:guid}/proof", async (Guid id, AuditProofs proofs, Texts t, CancellationToken ct) =>
            {
                var (outcome, proof) = await proofs.ForAsync(id, ct);
                return outcome switch
                {
                    AuditProofs.Outcome.Found => proof!,
                    AuditProofs.Outcome.Missing => throw new NotFoundException("audit event"),
                    _ => throw new RuleViolationException("not_chained", t["audit.proof_not_chained"]),
                };
            })
            .WithTags("Audit").WithName("GetAuditRecordProof")
            .WithSummary("One record's proof: its content, position and hash, the leaves up to the checkpoint that covers it, and that signed checkpoint — checkable offline.")
            .Produces<AuditRecordProof>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Permissions.AuditRead);
    }
}

/// <param name="TotalIsLowerBound">The trail was not counted: there are at least <paramref name="Total"/> records (one more page).</param>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total, bool TotalIsLowerBound);
