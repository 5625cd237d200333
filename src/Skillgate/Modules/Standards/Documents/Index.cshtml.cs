using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Standards.Documents;

[Authorize(Policy = Permissions.CompetenceRead)]
internal sealed class IndexModel(DocumentHandler documents) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string code, string title, string kind, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.StandardsWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var created = await documents.CreateAsync(new DocumentInput(code, title, kind), ct);
            return Redirect($"/Standards/Documents/Details?id={created.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Documents = await documents.ListAsync(Q, ct);
        CanWrite = await CanAsync(Permissions.StandardsWrite);
    }
}
