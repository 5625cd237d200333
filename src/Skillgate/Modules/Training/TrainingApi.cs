using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Kiosks;
using Skillgate.Modules.Training.Rooms;
using Skillgate.Modules.Training.Sessions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training;

internal static class TrainingApi
{
    public static void MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/v1/rooms").WithTags("Training: rooms");
        rooms.MapGet("/", (RoomHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListRooms").WithSummary("Rooms and other bookable resources.").RequireAuthorization(Permissions.TrainingRead);
        rooms.MapPost("/", async (RoomInput input, RoomHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/rooms/{created.Id}", created);
            })
            .WithName("CreateRoom").WithSummary("Add a room with its capacity and equipment.").RequireAuthorization(Permissions.TrainingWrite);
        rooms.MapPost("/{id:guid}/deactivate", async (Guid id, RoomHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateRoom").WithSummary("Stop booking a room.").RequireAuthorization(Permissions.TrainingWrite);

        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Training: sessions");
        sessions.MapGet("/", (DateTimeOffset? from, DateTimeOffset? to, string? q, int? page, int? pageSize, SessionQueries h, CancellationToken ct) =>
                h.ListAsync(from, to, q, page ?? 1, pageSize ?? 50, ct))
            .WithName("ListSessions").WithSummary("Sessions in a time range (calendar), searchable by title or course code.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapGet("/{id:guid}", (Guid id, SessionQueries h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetSession").WithSummary("A session with instructors, participants, waitlist and attendance.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/conflicts", (SessionInput input, ConflictFinder h, CancellationToken ct) =>
                h.FindAsync(null, input.StartsAt.ToUniversalTime(), input.EndsAt.ToUniversalTime(), input.RoomId, input.InstructorIds ?? [], input.EmployeeIds ?? [], ct))
            .WithName("PreviewSessionConflicts").WithSummary("Double bookings a planned session would cause, before saving it.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/", async (SessionInput input, SessionHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/sessions/{created.Id}", created);
            })
            .WithName("CreateSession").WithSummary("Schedule a session of a published course; 409 conflicts lists double bookings unless overrideReason is given.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPut("/{id:guid}", (Guid id, SessionUpdate input, SessionHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateSession").WithSummary("Move or change a session; the same conflict check applies.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/participants", (Guid id, InviteInput input, SessionHandler h, CancellationToken ct) => h.InviteAsync(id, input, ct))
            .WithName("InviteParticipants").WithSummary("Invite employees, a position or an org unit (with subtree); beyond capacity they wait.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/participants/{employeeId:guid}/cancel", (Guid id, Guid employeeId, SessionHandler h, CancellationToken ct) => h.CancelParticipantAsync(id, employeeId, ct))
            .WithName("CancelParticipant").WithSummary("Take someone off a session; the first on the waitlist moves up.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/cancel", async (Guid id, SessionHandler h, CancellationToken ct) =>
            {
                await h.CancelAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("CancelSession").WithSummary("Cancel a scheduled session.").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/close", (Guid id, AttendanceHandler h, CancellationToken ct) => h.CloseAsync(id, ct))
            .WithName("CloseSession")
            .WithSummary("Close the session: attendance that counts by the course's rules completes the course now; attendance with an unreviewed blocking flag waits for review.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/accept-flags", async (Guid id, BulkAcceptInput input, Results.ResultHandler h, CancellationToken ct) =>
                new BulkAcceptResult(await h.AcceptAllAsync(id, input, ct)))
            .WithName("AcceptSessionFlags").WithSummary("Accept every open flag of the session with one comment; people waiting only for those complete now.")
            .RequireAuthorization(Permissions.TrainingWrite);
        app.MapPost("/api/v1/attendance/{id:guid}/revoke", async (Guid id, RevokeAttendanceInput input, Results.ResultHandler h, CancellationToken ct) =>
            {
                await h.RevokeAttendanceAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("RevokeAttendance")
            .WithSummary("Revoke a check-in or check-out with a reason: it no longer counts and a completion it earned is revoked (certificate, qualification).")
            .RequireAuthorization(Permissions.TrainingWrite);
        app.MapGet("/api/v1/courses/{id:guid}/attendance-rule", (Guid id, Results.ResultHandler h, CancellationToken ct) => h.RuleAsync(id, ct))
            .WithTags("Training: attendance").WithName("GetAttendanceRule").WithSummary("Which attendance completes the course: check-out, presence share, blocking flags.")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapPut("/api/v1/courses/{id:guid}/attendance-rule", (Guid id, AttendanceRuleInput input, Results.ResultHandler h, CancellationToken ct) => h.SaveRuleAsync(id, input, ct))
            .WithTags("Training: attendance").WithName("SaveAttendanceRule").WithSummary("Set the course's attendance rules (version from the last read).")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapGet("/{id:guid}/qr", (Guid id, AttendanceHandler h, HttpContext http, IConfiguration configuration, CancellationToken ct) =>
                h.CurrentCodeAsync(id, BaseUrl(http, configuration), ct))
            .WithName("GetSessionQr").WithSummary("The current rotating check-in code (changes every 15 s, HMAC-signed, bound to the session).").RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapPost("/{id:guid}/attendance", (Guid id, MarkInput input, AttendanceHandler h, CancellationToken ct) => h.MarkAsync(id, input, ct))
            .WithName("MarkAttendance").WithSummary("The instructor marks someone in or out, with a reason.").RequireAuthorization(Permissions.TrainingWrite);

        sessions.MapGet("/{id:guid}/photos", (Guid id, Evidence.PhotoHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListSessionPhotos").WithSummary("Photos and videos of a session with their capture time, face count and flags.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/{id:guid}/photos", async (Guid id, IFormFile file, Evidence.PhotoHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var photo = await h.UploadAsync(id, stream, file.FileName, file.Length, ct);
                return TypedResults.Created($"/api/v1/files/{photo.FileId}", photo);
            })
            .DisableAntiforgery().WithUploadLimit(Platform.Files.FileKinds.MaxVideoBytes)
            .WithName("UploadSessionPhoto")
            .WithSummary("Upload a photo or video of the session (JPEG/PNG/MP4/WebM by content, ≤ 200 MB); capture time, hash, near-duplicates of other sessions' photos and the faces in photos are checked and flagged; a picture that does not decode or a damaged video (metadata or boxes that cannot be read) is refused with 400 and nothing is stored.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapGet("/{id:guid}/paper-sheets", (Guid id, Evidence.PaperSheetHandler h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListPaperSheets").WithSummary("The signed paper sign-in sheets attached to a session.").RequireAuthorization(Permissions.TrainingRead);
        sessions.MapPost("/{id:guid}/paper-sheets", async (Guid id, IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] Guid[] employeeIds, Evidence.PaperSheetHandler h, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var sheet = await h.AddAsync(id, stream, file.FileName, file.Length, employeeIds, ct);
                return TypedResults.Created($"/api/v1/files/{sheet.FileId}", sheet);
            })
            .DisableAntiforgery().WithUploadLimit(Platform.Files.FileStore.MaxBytes)
            .WithName("AddPaperSheet")
            .WithSummary("Attach a photo or scan of the signed sheet (JPEG/PNG/PDF) and tick who signed (employeeIds): they are recorded in and out, labelled paper_sheet.")
            .RequireAuthorization(Permissions.TrainingWrite);
        sessions.MapGet("/{id:guid}/live", async (Guid id, Live.LiveAttendance h, DataScope scope, CancellationToken ct) => await h.ForSessionAsync(id, await scope.GetAsync(ct), ct))
            .WithName("LiveAttendance").WithSummary("Checked in against expected by department in the caller's data scope, for the live dashboard.").RequireAuthorization(Permissions.TrainingRead);
        app.MapPost("/api/v1/jobs/attendance-alerts", async (Live.AttendanceAlertJob job, CancellationToken ct) => new { alerts = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunAttendanceAlerts").WithSummary("Check running sessions now and alert department heads under the threshold (each alert once).")
            .RequireAuthorization(Permissions.UsersWrite);

        app.MapGet("/api/v1/anomalies", (bool? open, Anomalies.AnomalyHandler h, CancellationToken ct) => h.ListAsync(open ?? true, ct))
            .WithTags("Training: attendance").WithName("ListAnomalies").WithSummary("Flags on check-ins (in the caller's scope) and session photos, open or all.")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapGet("/api/v1/anomalies/export", async (Anomalies.AnomalyHandler h, Platform.Localization.Texts t, CancellationToken ct) =>
                TypedResults.File(Anomalies.AnomalyExport.Create(await h.ListAsync(false, ct), t), Skillgate.Platform.Excel.XlsxFile.ContentType, "anomalies.xlsx"))
            .WithTags("Training: attendance").WithName("ExportAnomalies").WithSummary("All flags with their reviews as .xlsx.").RequireAuthorization(Permissions.TrainingRead);
        app.MapPost("/api/v1/anomalies/review", async (ReviewInput input, Anomalies.AnomalyHandler h, CancellationToken ct) =>
            {
                await h.ReviewAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("ReviewAnomaly").WithSummary("Accept or reject a flag with a comment (once).").RequireAuthorization(Permissions.TrainingWrite);

        app.MapGet("/api/v1/attendance/report", (string? group, DateOnly? from, DateOnly? to, Reports.AttendanceReport h, CancellationToken ct) =>
                h.RatesAsync(group ?? "department", from, to, ct))
            .WithTags("Training: attendance").WithName("AttendanceReport").WithSummary("Attendance rate by department, course or month (group=department|course|month).")
            .RequireAuthorization(Permissions.TrainingRead);
        app.MapGet("/api/v1/attendance/report/export", async (DateOnly? from, DateOnly? to, Reports.AttendanceReport h, Platform.Localization.Texts t, CancellationToken ct) =>
                TypedResults.File(await h.ExportAsync(from, to, t, ct), Skillgate.Platform.Excel.XlsxFile.ContentType, "attendance.xlsx"))
            .WithTags("Training: attendance").WithName("ExportAttendanceReport").WithSummary("The attendance rates as .xlsx (a sheet per grouping).")
            .RequireAuthorization(Permissions.TrainingRead);

        app.MapPost("/api/v1/jobs/mandatory-invites", async (Mandatory.MandatoryInvitations job, CancellationToken ct) => new { invited = await job.RunAsync(ct) })
            .WithTags("Jobs").WithName("RunMandatoryInvites").WithSummary("Invite everyone who lacks a training requirement to the next suitable session now (also run every hour).")
            .RequireAuthorization(Permissions.TrainingWrite);

        var plans = app.MapGroup("/api/v1/plans").WithTags("Training: plans");
        plans.MapGet("/", (Plans.PlanHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListPlans").WithSummary("Training plans of the org units in the caller's scope.").RequireAuthorization(Permissions.TrainingRead);
        plans.MapGet("/{id:guid}", (Guid id, Plans.PlanHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPlan").WithSummary("A plan with its courses, targets and estimated cost against the budget.").RequireAuthorization(Permissions.TrainingRead);
        plans.MapPost("/", async (PlanInput input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/plans/{created.Id}", created);
            })
            .WithName("CreatePlan").WithSummary("Draft a plan for a month, quarter or year of an org unit in scope, with a budget.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/items", (Guid id, PlanItemInput input, Plans.PlanHandler h, CancellationToken ct) => h.AddItemAsync(id, input, ct))
            .WithName("AddPlanItem").WithSummary("Add a course for a target position or number of people; the cost is estimated from the course.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapDelete("/{id:guid}/items/{itemId:guid}", (Guid id, Guid itemId, Plans.PlanHandler h, CancellationToken ct) => h.RemoveItemAsync(id, itemId, ct))
            .WithName("RemovePlanItem").WithSummary("Remove a line from a draft or returned plan.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/submit", async (Guid id, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.SubmitAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("SubmitPlan").WithSummary("Send a plan to HR for approval.").RequireAuthorization(Permissions.PlanWrite);
        plans.MapPost("/{id:guid}/approve", async (Guid id, PlanDecision input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.DecideAsync(id, true, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ApprovePlan").WithSummary("HR approves a submitted plan (not its author).").RequireAuthorization(Permissions.PlanApprove);
        plans.MapPost("/{id:guid}/return", async (Guid id, PlanDecision input, Plans.PlanHandler h, CancellationToken ct) =>
            {
                await h.DecideAsync(id, false, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReturnPlan").WithSummary("HR returns a submitted plan with a comment.").RequireAuthorization(Permissions.PlanApprove);

        app.MapPost("/api/v1/check-ins", (QrCheckInInput input, QrCheckIn h, HttpContext http, CancellationToken ct) =>
                h.ScanAsync(input, "in", DeviceId.Of(http), http.Connection.RemoteIpAddress?.ToString(), ClientId.Of(http, input.Screen), ct))
            .WithTags("Training: attendance").WithName("CheckIn").WithSummary("Check in with the code scanned from the session screen (signed-in phone).")
            .RequireAuthorization(Permissions.LearnSelf);
        app.MapPost("/api/v1/check-outs", (QrCheckInInput input, QrCheckIn h, HttpContext http, CancellationToken ct) =>
                h.ScanAsync(input, "out", DeviceId.Of(http), http.Connection.RemoteIpAddress?.ToString(), ClientId.Of(http, input.Screen), ct))
            .WithTags("Training: attendance").WithName("CheckOut").WithSummary("Check out with the current code, so the duration is known.")
            .RequireAuthorization(Permissions.LearnSelf);
        MapFaceApi(app);
    }

    private static void MapFaceApi(IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me").WithTags("Training: face and PIN").RequireAuthorization(Permissions.LearnSelf);
        mine.MapGet("/face", (Faces.FaceHandler h, CurrentUser me, CancellationToken ct) =>
                h.StatusAsync(me.EmployeeId ?? Guid.Empty, ct))
            .WithName("MyFaceStatus").WithSummary("Whether my face is enrolled (and when I consented) and my kiosk PIN is set or locked.");
        mine.MapPut("/face", (FaceEnrolInput input, Faces.FaceHandler h, CancellationToken ct) => h.EnrolAsync(input, ct))
            .WithName("EnrolMyFace").WithSummary("Enrol my face from a live capture (descriptor, anti-spoofing and liveness scores); consent is required and kept.");
        mine.MapDelete("/face", async (Faces.FaceHandler h, CurrentUser me, CancellationToken ct) =>
            {
                await h.DeleteAsync(me.EmployeeId ?? Guid.Empty, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteMyFace").WithSummary("Delete my face template.");
        app.MapPut("/api/v1/employees/{id:guid}/kiosk-pin", async (Guid id, PinInput input, Faces.PinHandler h, CancellationToken ct) =>
            {
                await h.SetForAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: attendance").WithName("SetKioskPinFor")
            .WithSummary("HR sets the kiosk PIN of a person without a login (contractor, temporary, agency): with it they check in by badge or mobile number.")
            .RequireAuthorization(Permissions.TrainingWrite);
        mine.MapPut("/kiosk-pin", async (PinInput input, Faces.PinHandler h, CancellationToken ct) =>
            {
                await h.SetAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetMyKioskPin").WithSummary("Set my kiosk PIN (4–8 digits, not all the same); unlocks it after wrong entries.");
        app.MapDelete("/api/v1/employees/{id:guid}/face", async (Guid id, Faces.FaceHandler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Training: face and PIN").WithName("DeleteEmployeeFace").WithSummary("Delete an employee's face template on their request (HR, within scope).")
            .RequireAuthorization(Permissions.FaceDelete);
    }

    public static void MapKioskApi(this IEndpointRouteBuilder app)
    {
        var kiosks = app.MapGroup("/api/v1/kiosks").WithTags("Training: kiosks").RequireAuthorization(Permissions.ApiKeys);
        kiosks.MapGet("/", (KioskHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListKiosks").WithSummary("Registered shop-floor kiosks.");
        kiosks.MapPost("/", async (KioskInput input, KioskHandler h, CancellationToken ct) =>
            {
                var created = await h.RegisterAsync(input, ct);
                return TypedResults.Created($"/api/v1/kiosks/{created.Kiosk.Id}", created);
            })
            .WithName("RegisterKiosk").WithSummary("Register a kiosk; its device token is shown once.");
        kiosks.MapPost("/{id:guid}/deactivate", async (Guid id, KioskHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateKiosk").WithSummary("Revoke a kiosk's token.");

        var kiosk = app.MapGroup("/api/v1/kiosk").WithTags("Training: kiosks").AllowAnonymous();
        kiosk.MapGet("/sessions", async Task<IResult> (HttpContext http, KioskHandler h, CancellationToken ct) =>
            {
                if (await h.AuthenticateAsync(http.Request.Headers[KioskHandler.Header], ct) is not { } device)
                {
                    return TypedResults.Unauthorized();
                }

                using var registered = SqlScope.AsSystem();
                return TypedResults.Ok(await h.SessionsAsync(device, ct));
            })
            .WithName("KioskSessions").WithSummary("For a kiosk (X-Kiosk-Token): sessions from 12 h ago to 12 h ahead with their rosters.")
            .Produces<IReadOnlyList<KioskSession>>();
        kiosk.MapPost("/check-ins", async Task<IResult> (KioskSyncInput input, HttpContext http, KioskHandler h, CancellationToken ct) =>
            {
                if (await h.AuthenticateAsync(http.Request.Headers[KioskHandler.Header], ct) is not { } device)
                {
                    return TypedResults.Unauthorized();
                }

                // A registered kiosk checks in whoever is on its sessions' rosters, from any unit.
                using var registered = SqlScope.AsSystem();
                return TypedResults.Ok(await h.SyncAsync(device, input, ct));
            })
            .WithName("KioskSync").WithSummary("For a kiosk: check-ins taken (also offline), each with its idempotency key and the device's time; safe to repeat.")
            .Produces<KioskSyncResult>();
    }

    public static string BaseUrl(HttpContext http, IConfiguration configuration) =>
        configuration["Skillgate:PublicUrl"]?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
}
