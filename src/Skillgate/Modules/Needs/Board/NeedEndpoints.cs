using Skillgate.Modules.Needs.Analysis;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Needs.Rules;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Needs.Board;

internal static class NeedEndpoints
{
    public static void MapNeedEndpoints(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/api/v1/needs").WithTags("Needs");
        needs.MapGet("/", (string? status, string? source, string? q, int? page, int? pageSize, NeedHandler h, CancellationToken ct) =>
                h.ListAsync(status, source, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListNeeds").WithSummary("Training needs in the caller's scope, open first by priority and due date.").RequireAuthorization(Permissions.NeedsRead);
        needs.MapGet("/export", async (string? status, string? source, string? q, NeedHandler h, Texts t, CancellationToken ct) =>
            {
                var rows = await XlsxFile.AllPagesAsync(async n => (await h.ListAsync(status, source, q, n, 200, ct)) is var p ? (p.Items, p.Total) : default);
                return TypedResults.File(XlsxFile.Create(t["needs.title"], [t["needs.what"], t["needs.source"], t["needs.scope"], t["needs.people"], t["needs.priority"], t["needs.due"], t["needs.status"]],
                    rows.Select(n => new object?[] { n.Title, t[NeedsVocabularies.Source, n.Source].Value, n.ScopeLabel, n.People, t[NeedsVocabularies.Priority, n.Priority].Value, n.DueOn, t[NeedsVocabularies.Status, n.Status].Value })),
                    XlsxFile.ContentType, "needs.xlsx");
            })
            .WithName("ExportNeeds").WithSummary("The needs list with the same filters as an .xlsx workbook (typed dates, frozen header, auto-filter).").RequireAuthorization(Permissions.NeedsRead);
        needs.MapGet("/{id:guid}", (Guid id, NeedHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetNeed").WithSummary("A need: who, what, why (the evidence, with metric series), priority and due date.").RequireAuthorization(Permissions.NeedsRead);
        needs.MapGet("/dashboard", (NeedHandler h, CancellationToken ct) => h.DashboardAsync(ct))
            .WithName("NeedsDashboard").WithSummary("Needs counted by source, status and org unit.").RequireAuthorization(Permissions.NeedsRead);
        needs.MapPost("/analysis", (NeedAnalysis h, CancellationToken ct) => h.RunAsync(ct))
            .WithName("RunNeedsAnalysis").WithSummary("Run every active rule over the data now (it also runs daily); signals already taken add nothing.")
            .RequireAuthorization(Permissions.NeedsConfigure);
        needs.MapPost("/{id:guid}/accept", (Guid id, AcceptNeedInput input, NeedHandler h, CancellationToken ct) => h.AcceptAsync(id, input, ct))
            .WithName("AcceptNeed").WithSummary("HR accepts the need into a draft plan (a plan line for its course and people).").RequireAuthorization(Permissions.NeedsDecide);
        needs.MapPost("/{id:guid}/merge", (Guid id, MergeNeedInput input, NeedHandler h, CancellationToken ct) => h.MergeAsync(id, input, ct))
            .WithName("MergeNeed").WithSummary("Merge an open need into another: its people and evidence move over.").RequireAuthorization(Permissions.NeedsDecide);
        needs.MapPost("/{id:guid}/reject", (Guid id, RejectNeedInput input, NeedHandler h, CancellationToken ct) => h.RejectAsync(id, input, ct))
            .WithName("RejectNeed").WithSummary("Reject an open need with a reason.").RequireAuthorization(Permissions.NeedsDecide);
    }
}
