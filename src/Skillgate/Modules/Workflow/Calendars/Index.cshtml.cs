using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Workflow.Calendars;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class IndexModel(CalendarHandler calendars, IOrganizationDirectory organization, NpgsqlDataSource dataSource) : SkillgatePage
{
    public IReadOnlyList<CalendarDto> Calendars { get; private set; } = [];

    public IReadOnlyList<DirectorDto> Directors { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Functions { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Users { get; private set; } = [];

    public bool CanDesign { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostSaveAsync(Guid? id, Guid? orgUnitId, string? name, string? timeZone, TimeOnly dayStart, TimeOnly dayEnd, int[]? workdays, int version, CancellationToken ct) =>
        ChangeAsync(Permissions.WorkflowDesign, () => calendars.SaveAsync(id, new CalendarInput(orgUnitId, name, timeZone, dayStart, dayEnd, workdays, version), ct), "/Workflow/Calendars", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDayAsync(Guid id, DateOnly day, bool working, string? dayName, CancellationToken ct) =>
        ChangeAsync(Permissions.WorkflowDesign, () => calendars.SetDayAsync(id, new CalendarDayInput(day, working, dayName), ct), "/Workflow/Calendars", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRemoveDayAsync(Guid id, DateOnly day, CancellationToken ct) =>
        ChangeAsync(Permissions.WorkflowDesign, () => calendars.RemoveDayAsync(id, day, ct), "/Workflow/Calendars", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDirectorAsync(Guid orgUnitId, string? function, Guid userId, CancellationToken ct) =>
        ChangeAsync(Permissions.WorkflowDesign, () => calendars.SetDirectorAsync(new DirectorInput(orgUnitId, function, userId), ct), "/Workflow/Calendars", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRemoveDirectorAsync(Guid orgUnitId, string function, CancellationToken ct) =>
        ChangeAsync(Permissions.WorkflowDesign, () => calendars.RemoveDirectorAsync(orgUnitId, function, ct), "/Workflow/Calendars", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        CanDesign = await CanAsync(Permissions.WorkflowDesign);
        Calendars = await calendars.ListAsync(ct);
        Directors = await calendars.DirectorsAsync(ct);
        Functions = await organization.FunctionNamesAsync(ct);
        if (CanDesign)
        {
            Units = await organization.VisibleTreeAsync(false, ct);
            await using var connection = await dataSource.OpenScopedAsync(ct);
            Users = (await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
                """
                SELECT u.id, coalesce(e.name || ' (' || u.user_name || ')', u.user_name) FROM auth.app_user u LEFT JOIN org.employee_v e ON e.id = u.employee_id
                WHERE u.active ORDER BY u.user_name LIMIT 1000
                """, cancellationToken: ct))).ToList();
        }
    }
}
