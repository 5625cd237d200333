using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Sessions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Live;

/// <summary>The live session dashboard: checked in against expected by department, refreshed every few seconds.</summary>
[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class LiveModel(SessionQueries sessions, LiveAttendance live, DataScope scope) : SkillgatePage
{
    public SessionDto? Session { get; private set; }

    public Guid SessionId { get; private set; }

    public IReadOnlyList<DepartmentAttendance> Departments { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () =>
    {
        Session = await sessions.GetAsync(id, ct);
        await LoadRowsAsync(id, ct);
    });

    /// <summary>The refresh every few seconds: only the per-department rows.</summary>
    public async Task<IActionResult> OnGetRowsAsync(Guid id, CancellationToken ct)
    {
        await LoadRowsAsync(id, ct);
        return Partial("_LiveRows", this);
    }

    private async Task LoadRowsAsync(Guid id, CancellationToken ct)
    {
        SessionId = id;
        Departments = await live.ForSessionAsync(id, await scope.GetAsync(ct), ct);
    }
}
