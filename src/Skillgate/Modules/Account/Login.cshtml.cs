using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

internal sealed class LoginModel(AccountService accounts, SignIns signIns, Texts t) : SkillgatePage
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (_, user) = await accounts.CheckPasswordAsync(UserName ?? "", Password ?? "", ct);
        if (user is null)
        {
            // One answer for an unknown name, a wrong password and a locked account: none tells an attacker the account exists.
            ModelState.AddModelError(string.Empty, t["login.failed", AccountService.MaxFailedLogins, (int)AccountService.LockoutDuration.TotalMinutes]);
            return Page();
        }

        var signIn = await signIns.StartAsync(user.Id, Request.Headers.UserAgent.ToString(), ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(user, signIn));
        if (user.Language is { } language)
        {
            CultureSelection.Remember(Response, language);
        }

        if (user.MustChangePassword)
        {
            return Redirect("/Account/ChangePassword?required=true");
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
