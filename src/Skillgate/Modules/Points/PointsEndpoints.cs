using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Points.Boards;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Growth;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Modules.Points.Rules;
using Skillgate.Modules.Points.Store;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Points;

internal static class PointsEndpoints
{
    public static void MapPointsEndpoints(this IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/api/v1/points").WithTags("Points");
        points.MapGet("/me", (string? category, int? page, int? pageSize, AccountQueries h, CancellationToken ct) => h.MineAsync(category, page ?? 1, pageSize ?? 50, ct))
            .WithName("GetMyPoints").WithSummary("The caller's balance, what they earned in the last 12 months and this month by category, their rank on their unit's board, and their history.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/people/{employeeId:guid}", (Guid employeeId, string? category, int? page, int? pageSize, AccountQueries h, CancellationToken ct) =>
                h.ForAsync(employeeId, category, page ?? 1, pageSize ?? 50, ct))
            .WithName("GetPersonPoints").WithSummary("A person's points account and history (a person in the caller's scope).").RequireAuthorization(Permissions.PointsRead);
        points.MapGet("/boards", (Guid? orgUnitId, string? month, int? top, BoardHandler h, CancellationToken ct) => h.GetAsync(orgUnitId, month, top ?? 10, ct))
            .WithName("GetPointsBoard").WithSummary("A unit's monthly board (yyyy-MM, this month by default): people ranked on that month's earned entries only, with the category shares. Readers see the units in their scope; everyone their own unit and those above it.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/dashboard", (Guid? orgUnitId, string? month, DashboardHandler h, CancellationToken ct) => h.GetAsync(orgUnitId, month, ct))
            .WithName("GetPointsDashboard").WithSummary("A unit's participation rate and points by category over six months to the given one, by the units below it, and the month's top 10.")
            .RequireAuthorization(Permissions.PointsRead);
        points.MapGet("/dashboard/export", async (Guid? orgUnitId, string? month, DashboardHandler h, CancellationToken ct) =>
            {
                var (content, name) = await h.ExportAsync(orgUnitId, month, ct);
                return TypedResults.File(content, Skillgate.Platform.Excel.XlsxFile.ContentType, name);
            })
            .WithName("ExportPointsBoard").WithSummary("The unit's whole ranking for the month as an .xlsx workbook.").RequireAuthorization(Permissions.PointsRead);
        points.MapGet("/rules", (RuleHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListPointsRules").WithSummary("The earning rules: the defaults and the rules for org units and positions.").RequireAuthorization(Permissions.PointsSelf);
        points.MapPut("/rules", (PointsRuleInput input, RuleHandler h, CancellationToken ct) => h.SaveAsync(input, ct))
            .WithName("SavePointsRule").WithSummary("Set the rule of a code for an org unit, a position, both, or neither (the default); applies to awards from now on.")
            .RequireAuthorization(Permissions.PointsConfigure);
        points.MapDelete("/rules/{id:guid}", async (Guid id, RuleHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return Results.NoContent();
            })
            .WithName("DeletePointsRule").WithSummary("Remove a unit's or position's rule; its people fall back to the next rule. Default rules stay.")
            .RequireAuthorization(Permissions.PointsConfigure);
        points.MapPost("/corrections", (PointsCorrectionInput input, CorrectionHandler h, CancellationToken ct) => h.CorrectAsync(input, ct))
            .WithName("CorrectPoints").WithSummary("HR corrects a person's points with a reason: a new entry, never below a zero balance.")
            .RequireAuthorization(Permissions.PointsCorrect);
        points.MapPost("/skill-applications", async (SkillApplicationInput input, SkillApplicationHandler h, CancellationToken ct) =>
                TypedResults.Created("/api/v1/points/skill-applications/mine", await h.SubmitAsync(input, ct)))
            .WithName("RecordSkillApplication").WithSummary("Record how a skill was applied on the line (the caller's own, or — for readers — a person in their scope) for the department head to confirm.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/skill-applications/mine", (SkillApplicationHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("ListMySkillApplications").WithSummary("The caller's own applications and those they recorded.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/skill-applications", (string? status, int? page, int? pageSize, SkillApplicationHandler h, CancellationToken ct) => h.ListAsync(status, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListSkillApplications").WithSummary("Applications of people in the caller's scope, waiting ones first.").RequireAuthorization(Permissions.PointsConfirm);
        points.MapPost("/skill-applications/{id:guid}/decision", (Guid id, SkillApplicationDecision input, SkillApplicationHandler h, CancellationToken ct) => h.DecideAsync(id, input, ct))
            .WithName("DecideSkillApplication").WithSummary("The department head confirms an application with the growth points chosen within the rule's range (50–100 by default), or rejects it with a note.")
            .RequireAuthorization(Permissions.PointsConfirm);
        points.MapPost("/interactions", (InteractionInput input, InteractionHandler h, CancellationToken ct) => h.AwardAsync(input, ct))
            .WithName("AwardInteraction").WithSummary("An instructor awards participation points for a question or an answer to someone invited to a session; the rule's cap per session cuts the award.")
            .RequireAuthorization(Permissions.PointsInteract);
        points.MapGet("/sessions/{id:guid}/interactions", (Guid id, InteractionHandler h, CancellationToken ct) => h.ParticipantsAsync(id, ct))
            .WithName("ListSessionInteractions").WithSummary("A session's invited people with what interaction paid them there.").RequireAuthorization(Permissions.PointsInteract);
        points.MapGet("/store/items", async (bool? all, StoreHandler h, IAuthorizationService authz, HttpContext http, CancellationToken ct) =>
                await h.ItemsAsync(all == true && (await authz.AuthorizeAsync(http.User, Permissions.PointsConfigure)).Succeeded, ct))
            .WithName("ListStoreItems").WithSummary("The items offered to the caller's unit with how many they took; all=true lists every item for those who keep the store.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapPost("/store/items", async (StoreItemInput input, StoreHandler h, CancellationToken ct) => TypedResults.Created("/api/v1/points/store/items", await h.SaveItemAsync(null, input, ct)))
            .WithName("CreateStoreItem").WithSummary("A store item: kind, price, stock, per-person limit and the org units it is offered to (none: everyone).")
            .RequireAuthorization(Permissions.PointsConfigure);
        points.MapPut("/store/items/{id:guid}", (Guid id, StoreItemInput input, StoreHandler h, CancellationToken ct) => h.SaveItemAsync(id, input, ct))
            .WithName("UpdateStoreItem").WithSummary("Change an item (restock, reprice, offer to other units, withdraw).").RequireAuthorization(Permissions.PointsConfigure);
        points.MapPost("/store/items/{id:guid}/redemptions", async (Guid id, StoreHandler h, CancellationToken ct) =>
                TypedResults.Created("/api/v1/points/store/redemptions/mine", await h.RedeemAsync(id, ct)))
            .RequireRateLimiting(PointsModule.StoreQueue)
            .WithName("RedeemStoreItem").WithSummary("Redeem an item: its price is reserved from the caller's balance at once; 409 when out of stock, past the per-person limit or short of points (with the shortfall).")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/store/redemptions/mine", (StoreHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("ListMyRedemptions").WithSummary("The caller's redemptions and their status.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/store/redemptions", (string? status, int? page, int? pageSize, StoreHandler h, CancellationToken ct) => h.ListAsync(status, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListRedemptions").WithSummary("Redemptions of people in the caller's scope, open ones first.").RequireAuthorization(Permissions.PointsApprove);
        points.MapPost("/store/redemptions/{id:guid}/decision", (Guid id, RedemptionDecision input, StoreHandler h, CancellationToken ct) => h.DecideAsync(id, input, ct))
            .WithName("DecideRedemption").WithSummary("HR or the department head approves a reserved redemption, fulfils an approved one, or rejects either with a note (points and stock come back).")
            .RequireAuthorization(Permissions.PointsApprove);
    }
}
