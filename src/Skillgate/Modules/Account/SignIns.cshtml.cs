using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

/// <summary>Where I am signed in, and signing out of all of it (a lost phone, a shared computer).</summary>
internal sealed class SignInsModel(SignIns signIns, CurrentUser me, Texts t) : SkillgatePage
{
    public IReadOnlyList<SignInDto> Open { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Open = me.UserId is { } id ? await signIns.OpenAsync(id, ct) : [];

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.UserId is not { } id)
        {
            return Forbid();
        }

        await signIns.EndEverywhereAsync(id, byAdministrator: false, ct);
        Flash(t["signins.ended_mine"]);
        return Redirect("/Account/Login");
    }
}
