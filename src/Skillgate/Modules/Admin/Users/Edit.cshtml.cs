using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Users;

[Authorize(Policy = Permissions.UsersWrite)]
internal sealed class EditModel(UserHandler users, SignIns signIns, IOrganizationDirectory organization, ReadableHistory history, CurrentUser me, Texts t) : SkillgatePage
{
    public UserDto? Existing { get; private set; }

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<HistoryRow>? History { get; private set; }

    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? EmployeeNo { get; set; }

    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    [BindProperty]
    public bool ScopeAll { get; set; }

    [BindProperty]
    public List<Guid> ScopeUnits { get; set; } = [];

    [BindProperty]
    public bool Active { get; set; } = true;

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            try
            {
                var u = await users.GetAsync(existing, ct);
                UserName = u.UserName;
                DisplayName = u.DisplayName;
                SelectedRoles = [.. u.Roles];
                ScopeAll = u.ScopeAll;
                ScopeUnits = [.. u.ScopeOrgUnitIds];
                Active = u.Active;
                EmployeeNo = u.EmployeeId is { } e ? (await organization.EmployeeNumbersAsync([e], ct)).GetValueOrDefault(e) : null;
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct) => Attempt(async () =>
    {
        var employeeId = await EmployeeIdAsync(ct);
        var saved = id is { } existing
            ? await users.UpdateAsync(existing, new UserUpdate(DisplayName, SelectedRoles, employeeId, ScopeAll, ScopeUnits, Active), me.UserId, ct)
            : await users.CreateAsync(new UserCreate(UserName, DisplayName, Password, SelectedRoles, employeeId, ScopeAll, ScopeUnits), ct);
        Flash(t["action.saved"]);
        return Redirect($"/Admin/Users/Edit?id={saved.Id}");
    }, async () =>
    {
        await LoadAsync(id, ct);
        return Page();
    });

    public Task<IActionResult> OnPostResetAsync(Guid id, string newPassword, CancellationToken ct) => Attempt(async () =>
    {
        await users.ResetPasswordAsync(id, new PasswordReset(newPassword), ct);
        Flash(t["users.reset_done"]);
        return Redirect($"/Admin/Users/Edit?id={id}");
    }, async () =>
    {
        await OnGetAsync(id, ct);
        return Page();
    });

    public Task<IActionResult> OnPostSignOutAsync(Guid id, CancellationToken ct) => Attempt(async () =>
    {
        await users.GetAsync(id, ct);
        Flash(t["signins.ended", await signIns.EndEverywhereAsync(id, byAdministrator: true, ct)]);
        return Redirect($"/Admin/Users/Edit?id={id}");
    }, async () =>
    {
        await OnGetAsync(id, ct);
        return Page();
    });

    private async Task<Guid?> EmployeeIdAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(EmployeeNo))
        {
            return null;
        }

        return await organization.EmployeeIdByNumberAsync(EmployeeNo, ct)
            ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["employeeNo"] = [t["org.employee.unknown"]] });
    }

    private async Task LoadAsync(Guid? id, CancellationToken ct)
    {
        Units = await organization.VisibleTreeAsync(true, ct);
        if (id is { } existing)
        {
            Existing = await users.GetAsync(existing, ct);
            History = await history.ForEntityAsync("user", existing, ct);
        }
    }
}
