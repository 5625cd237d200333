using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Gate;
using Skillgate.Modules.Competence.Operations;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Overrides;

[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class IndexModel(OverrideHandler overrides, OperationHandler operations, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    public IReadOnlyList<OverrideDto> Overrides { get; private set; } = [];

    public IReadOnlyList<OperationDto> Operations { get; private set; } = [];

    public bool CanGrant { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string employeeNo, Guid operationId, string reason, DateOnly expiresOn, string? meaning, string? password, CancellationToken ct) =>
        ChangeAsync(Permissions.Override, async () =>
        {
            var employeeId = await organization.EmployeeIdByNumberAsync(employeeNo ?? "", ct)
                ?? throw new ValidationFailedException(new Dictionary<string, string[]> { ["employeeNo"] = [t["org.employee.unknown"]] });
            var expires = new DateTimeOffset(expiresOn.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero);
            await overrides.GrantAsync(new OverrideInput(employeeId, null, operationId, reason, expires, password, meaning), ct);
        }, "/Competence/Overrides", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Overrides = await overrides.ListAsync(null, ct);
        Operations = await operations.ListAsync(ct);
        CanGrant = await CanAsync(Permissions.Override);
    }
}
