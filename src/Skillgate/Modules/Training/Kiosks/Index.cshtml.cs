using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Kiosks;

[Authorize(Policy = Permissions.ApiKeys)]
internal sealed class IndexModel(KioskHandler kiosks) : SkillgatePage
{
    public IReadOnlyList<KioskDto> Kiosks { get; private set; } = [];

    public string? NewToken { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string name, bool requireProof, CancellationToken ct) => await Attempt(async () =>
    {
        NewToken = (await kiosks.RegisterAsync(new KioskInput(name, null, requireProof), ct)).Token;
        await LoadAsync(ct);
        return Page();
    }, async () =>
    {
        await LoadAsync(ct);
        return Page();
    });

    public Task<IActionResult> OnPostDeactivateAsync(Guid kioskId, CancellationToken ct) =>
        ChangeAsync(Permissions.ApiKeys, () => kiosks.DeactivateAsync(kioskId, ct), "/Training/Kiosks", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct) => Kiosks = await kiosks.ListAsync(ct);
}
