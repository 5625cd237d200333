using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Points.Boards;
using Skillgate.Modules.Points.Certifications;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Growth;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Modules.Points.Notes;
using Skillgate.Modules.Points.Rules;
using Skillgate.Modules.Points.Store;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Web;

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
    
        MapNotes(points);
        MapCertifications(points);
    }

    private static void MapNotes(RouteGroupBuilder points)
    {
        points.MapPost("/notes/photos", async (IFormFile file, FileStore files, PlatformDb db, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var stored = await files.SaveAsync(stream, file.FileName, file.Length, FileKinds.Images, ct, NotePhotos.MaxBytes);
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/v1/files/{stored.Id}", new { stored.Id, stored.FileName, stored.Size, stored.ContentType });
            })
            .DisableAntiforgery().WithUploadLimit(NotePhotos.MaxBytes)
            .WithName("UploadNotePhoto").WithSummary("Store a photo (PNG or JPEG, checked by content, at most 10 MB) for a learning note; its id goes into the note's photoFileIds.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapPost("/notes", async (NoteInput input, NoteHandler h, CancellationToken ct) => TypedResults.Created("/api/v1/points/notes/mine", await h.PostAsync(input, ct)))
            .WithName("PostNote").WithSummary("Share a learning note on a published course (text and up to six photos) for an instructor of the course or HR to approve.")
            .RequireAuthorization(Permissions.PointsSelf);
        points.MapPut("/notes/{id:guid}", (Guid id, NoteInput input, NoteHandler h, CancellationToken ct) => h.EditAsync(id, input, ct))
            .WithName("EditNote").WithSummary("The author changes a note not yet approved; a returned note is submitted again.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/notes/mine", (NoteHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("ListMyNotes").WithSummary("The caller's notes with their status.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/notes/waiting", (int? page, int? pageSize, NoteHandler h, CancellationToken ct) => h.WaitingAsync(page ?? 1, pageSize ?? 50, ct))
            .WithName("ListNotesToReview").WithSummary("Notes waiting for the caller: every submitted note for HR, those on their courses for an instructor.")
            .RequireAuthorization(Permissions.PointsInteract);
        points.MapGet("/notes/{id:guid}", (Guid id, NoteHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetNote").WithSummary("A note: an approved one, the caller's own, or one of a person in their scope.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/courses/{courseId:guid}/notes", (Guid courseId, int? page, int? pageSize, NoteHandler h, CancellationToken ct) => h.ForCourseAsync(courseId, page ?? 1, pageSize ?? 20, ct))
            .WithName("ListCourseNotes").WithSummary("A course's approved notes, most liked first.").RequireAuthorization(Permissions.PointsSelf);
        points.MapPost("/notes/{id:guid}/decision", (Guid id, NoteDecision input, NoteHandler h, CancellationToken ct) => h.DecideAsync(id, input, ct))
            .WithName("DecideNote").WithSummary("An instructor of the course or HR approves a note with the note rule's points (10–15 by default, paid once) or returns it with a reason.")
            .RequireAuthorization(Permissions.PointsInteract);
        points.MapPut("/notes/{id:guid}/like", (Guid id, NoteHandler h, CancellationToken ct) => h.LikeAsync(id, true, ct))
            .WithName("LikeNote").WithSummary("Like a colleague's approved note (once; liking again changes nothing).").RequireAuthorization(Permissions.PointsSelf);
        points.MapDelete("/notes/{id:guid}/like", (Guid id, NoteHandler h, CancellationToken ct) => h.LikeAsync(id, false, ct))
            .WithName("UnlikeNote").WithSummary("Take a like back.").RequireAuthorization(Permissions.PointsSelf);
    }

    private static void MapCertifications(RouteGroupBuilder points)
    {
        points.MapGet("/certification-rules", (CertificationHandler h, CancellationToken ct) => h.RulesAsync(ct))
            .WithName("ListCertificationRules").WithSummary("Certifications granted at points thresholds, with how many hold each.").RequireAuthorization(Permissions.PointsSelf);
        points.MapPost("/certification-rules", async (CertificationRuleInput input, CertificationHandler h, CancellationToken ct) =>
                TypedResults.Created("/api/v1/points/certification-rules", await h.SaveRuleAsync(null, input, ct)))
            .WithName("CreateCertificationRule").WithSummary("A certification granted at a points threshold (points in the last months), optionally with a skill level; granted at once to everyone who already reached it.")
            .RequireAuthorization(Permissions.PointsConfigure);
        points.MapPut("/certification-rules/{id:guid}", (Guid id, CertificationRuleInput input, CertificationHandler h, CancellationToken ct) => h.SaveRuleAsync(id, input, ct))
            .WithName("UpdateCertificationRule").WithSummary("Change or withdraw a threshold; certificates already granted stay.").RequireAuthorization(Permissions.PointsConfigure);
        points.MapGet("/certifications", (Guid? ruleId, int? page, int? pageSize, CertificationHandler h, CancellationToken ct) => h.ListAsync(ruleId, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListCertifications").WithSummary("Certificates granted to people in the caller's scope, newest first.").RequireAuthorization(Permissions.PointsRead);
        points.MapGet("/certifications/mine", (CertificationHandler h, CancellationToken ct) => h.MineAsync(ct))
            .WithName("ListMyCertifications").WithSummary("The caller's certificates.").RequireAuthorization(Permissions.PointsSelf);
        points.MapGet("/certifications/{id:guid}", (Guid id, CertificationHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetCertification").WithSummary("A certificate: the caller's own or one of a person in their scope.").RequireAuthorization(Permissions.PointsSelf);
    }
}
