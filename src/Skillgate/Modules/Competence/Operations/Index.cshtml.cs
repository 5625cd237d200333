using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Operations;

[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class IndexModel(OperationHandler operations, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    public IReadOnlyList<OperationDto> Operations { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public bool CanAssign { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string code, string name, Guid orgUnitId, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite, () => operations.CreateAsync(new OperationInput(code, name, orgUnitId), ct), "/Competence/Operations", () => LoadAsync(ct));

    /// <summary>The gate in the UI: refused with the unmet requirements, exactly as the API answers.</summary>
    public Task<IActionResult> OnPostAssignAsync(Guid operationId, string employeeNo, CancellationToken ct) =>
        ChangeAsync(Permissions.Assign, async () =>
        {
            var employeeId = await organization.EmployeeIdByNumberAsync(employeeNo ?? "", ct);
            if (employeeId is null || !await organization.EmployeeVisibleAsync(employeeId.Value, ct))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["employeeNo"] = [t["org.employee.unknown"]] });
            }

            await operations.AssignAsync(operationId, employeeId.Value, ct);
        }, "/Competence/Operations", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Operations = await operations.ListAsync(ct);
        Units = await organization.VisibleTreeAsync(false, ct);
        CanWrite = await CanAsync(Permissions.CompetenceWrite);
        CanAssign = await CanAsync(Permissions.Assign);
    }
}
