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
internal sealed class IndexModel(CompletionHandler completions, IStandardsCatalog standards, IOrganizationDirectory organization, Platform.Files.FileStore files, CompetenceDb db, TimeProvider clock, Texts t) : SkillgatePage
{
    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];

    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => Documents = await standards.ListAsync(ct);

    public Task<IActionResult> OnPostAsync(string employeeNo, Guid documentVersionId, DateOnly completedOn, string? result, string? evidence, IFormFile? evidenceFile, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite, async () =>
        {
            var employeeId = await organization.EmployeeIdByNumberAsync(employeeNo ?? "", ct);
            if (employeeId is null || !await organization.EmployeeVisibleAsync(employeeId.Value, ct))
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["employeeNo"] = [t["org.employee.unknown"]] });
            }

            Guid? fileId = null;
            if (evidenceFile is not null)
            {
                await using var stream = evidenceFile.OpenReadStream();
                var stored = await files.SaveAsync(stream, evidenceFile.FileName, evidenceFile.Length, Platform.Files.FileKinds.Documents, ct);
                await db.SaveChangesAsync(ct);
                fileId = stored.Id;
            }

            await completions.RecordAsync(new CompletionInput(employeeId.Value, documentVersionId, completedOn, result, evidence, fileId), ct);
        }, "/Competence/Completions", async () => Documents = await standards.ListAsync(ct));
}
