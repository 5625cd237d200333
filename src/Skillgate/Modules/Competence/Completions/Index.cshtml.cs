using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Completions;

[Authorize(Policy = Permissions.CompetenceWrite)]
internal sealed class IndexModel(CompletionHandler completions, IStandardsCatalog standards, IOrganizationDirectory organization, TimeProvider clock, Texts t) : SkillgatePage
{
    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];

    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => Documents = await standards.ListAsync(ct);

    public Task<IActionResult> OnPostAsync(string employeeNo, Guid documentVersionId, DateOnly completedOn, string? result, string? evidence, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite, async () =>
        {
            var employeeId = await organization.EmployeeIdByNumberAsync(employeeNo ?? "", ct);
            if (employeeId is null || !await organization.EmployeeVisibleAsync(employeeId.Value, ct))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["employeeNo"] = [t["org.employee.unknown"]] });
            }

            await completions.RecordAsync(new CompletionInput(employeeId.Value, documentVersionId, completedOn, result, evidence), ct);
        }, "/Competence/Completions", async () => Documents = await standards.ListAsync(ct));
}
