using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

internal sealed class ChangePasswordModel(AccountService accounts, CurrentUser me, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => Attempt(async () =>
    {
        var user = await accounts.ChangeOwnPasswordAsync(me.UserId!.Value, CurrentPassword, NewPassword, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(user, me.SignInId ?? Guid.Empty));
        Flash(t["password.changed"]);
        return Redirect("/");
    }, () => Task.FromResult<IActionResult>(Page()));
}
