using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>The session screen in the room: the rotating check-in QR code, refreshed by htmx, and the live count.</summary>
[Authorize(Policy = Permissions.TrainingWrite)]
internal sealed class QrModel(AttendanceHandler attendance, SessionQueries sessions, IConfiguration configuration) : SkillgatePage
{
    public SessionDto? Session { get; private set; }

    public Guid SessionId { get; private set; }

    public int CheckedIn { get; private set; }

    public int Invited { get; private set; }

    public QrCodeDto Code { get; private set; } = null!;

    public string Svg { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () =>
    {
        Session = await sessions.GetAsync(id, ct);
        await LoadCodeAsync(id, ct);
    });

    /// <summary>The refresh every few seconds: the new code and the two counts, not the whole session.</summary>
    public async Task<IActionResult> OnGetCodeAsync(Guid id, CancellationToken ct)
    {
        await LoadCodeAsync(id, ct);
        return Partial("_QrCode", this);
    }

    private async Task LoadCodeAsync(Guid id, CancellationToken ct)
    {
        SessionId = id;
        Code = await attendance.CurrentCodeAsync(id, PublicUrl.Of(HttpContext, configuration), ct);
        Svg = QrSvg.Render(Code.Url);
        (CheckedIn, Invited) = await sessions.CountsAsync(id, ct);
    }
}
