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
    public SessionDto Session { get; private set; } = null!;

    public QrCodeDto Code { get; private set; } = null!;

    public string Svg { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(() => LoadAsync(id, ct));

    public async Task<IActionResult> OnGetCodeAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Partial("_QrCode", this);
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Session = await sessions.GetAsync(id, ct);
        Code = await attendance.CurrentCodeAsync(id, TrainingApi.BaseUrl(HttpContext, configuration), ct);
        Svg = QrSvg.Render(Code.Url);
    }
}
