using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Skills;

[Authorize]
internal sealed class IndexModel(SkillHandler skills) : SkillgatePage
{
    public IReadOnlyList<SkillDto> Skills { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(Guid? parentId, string code, string name, int maxLevel, string? levels, CancellationToken ct) =>
        ChangeAsync(Permissions.CompetenceWrite,
            () => skills.CreateAsync(new SkillInput(code, name, parentId, maxLevel, (levels ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), ct),
            "/Competence/Skills", () => LoadAsync(ct));

    /// <summary>Posted from the employee profile's qualification tab.</summary>
    public Task<IActionResult> OnPostAssessAsync(Guid employeeId, Guid skillId, int level, string method, CancellationToken ct) =>
        ChangeAsync(Permissions.SkillAssess,
            () => skills.AssessAsync(employeeId, new AssessmentInput(skillId, level, method, DateOnly.FromDateTime(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime), null), ct),
            $"/Organization/Employees/Profile?id={employeeId}", () => LoadAsync(ct));

    /// <summary>Posted from the signed-in employee's own profile.</summary>
    public async Task<IActionResult> OnPostWishAsync(Guid skillId, string? note, CancellationToken ct)
    {
        var employeeId = HttpContext.RequestServices.GetRequiredService<CurrentUser>().EmployeeId;
        if (employeeId is null)
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            await skills.WishAsync(employeeId.Value, new SkillWishInput(skillId, note), ct);
            Flash(HttpContext.RequestServices.GetRequiredService<Platform.Localization.Texts>()["action.saved"]);
            return Redirect($"/Organization/Employees/Profile?id={employeeId}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    /// <summary>The employee's signed acknowledgement of a document version, posted from their profile.</summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid documentVersionId, string? password, CancellationToken ct)
    {
        var employeeId = HttpContext.RequestServices.GetRequiredService<CurrentUser>().EmployeeId;
        if (employeeId is null)
        {
            return Forbid();
        }

        var completions = HttpContext.RequestServices.GetRequiredService<Completions.CompletionHandler>();
        return await Attempt(async () =>
        {
            await completions.AcknowledgeAsync(documentVersionId, password, ct);
            Flash(HttpContext.RequestServices.GetRequiredService<Platform.Localization.Texts>()["action.saved"]);
            return Redirect($"/Organization/Employees/Profile?id={employeeId}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Skills = await skills.ListAsync(ct);
        CanWrite = await CanAsync(Permissions.CompetenceWrite);
    }
}
