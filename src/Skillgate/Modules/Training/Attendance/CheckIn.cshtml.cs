using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>What the phone opens from the scanned code: confirm the check-in (or the check-out once checked in).</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class CheckInModel(
    AttendanceHandler attendance, QrCheckIn scan, Faces.FaceHandler faces, PlaceRules places, TrainingDb db, CurrentUser me, IConfiguration configuration) : SkillgatePage
{
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    public string? SessionTitle { get; private set; }

    public string NextKind { get; private set; } = "in";

    public CheckInResult? Result { get; private set; }

    public bool FaceEnrolled { get; private set; }

    public bool FaceRequired => configuration.GetValue("Skillgate:Training:RequireFaceOnPhone", false);

    public Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        DeviceId.Ensure(HttpContext);
        return LoadPageAsync(ct);
    }

    /// <summary>Whether the page asks the phone for its location (a geofence is configured).</summary>
    public bool AskLocation => places.HasFence;

    public async Task<IActionResult> OnPostAsync(
        string kind, string? face, double? latitude, double? longitude, double? accuracy, string? screen, CancellationToken ct) => await Attempt(async () =>
    {
        var capture = string.IsNullOrEmpty(face) ? null : Faces.FaceCapture.Parse(face) ?? new FaceInput(null, 0, 0);
        Result = await scan.ScanAsync(new QrCheckInInput(Token, latitude, longitude, capture, accuracy, screen), kind == "out" ? "out" : "in", DeviceId.Of(HttpContext),
            HttpContext.Connection.RemoteIpAddress?.ToString(), ClientId.Of(HttpContext, screen), ct);
        SessionTitle = Result.SessionTitle;
        NextKind = "out";
        return Page();
    }, () => LoadPageAsync(ct));

    private Task<IActionResult> LoadPageAsync(CancellationToken ct) => Attempt(async () =>
    {
        await LoadAsync(ct);
        return Page();
    }, () => Task.FromResult<IActionResult>(Page()));

    private async Task LoadAsync(CancellationToken ct)
    {
        var session = await attendance.SessionOfTokenAsync(Token, ct);
        SessionTitle = session.Title;
        var employee = me.EmployeeId;
        FaceEnrolled = employee is { } id && await faces.EnrolledAsync(id, ct);
        NextKind = await db.Set<AttendanceRecord>().AnyAsync(a => a.SessionId == session.Id && a.EmployeeId == employee && a.Kind == "in", ct) ? "out" : "in";
    }
}
