using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

internal sealed class LoginModel(AccountService accounts, Texts t) : SkillgatePage
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
        var (outcome, user) = await accounts.CheckPasswordAsync(UserName ?? "", Password ?? "", ct);
        if (outcome == AccountService.SignInOutcome.LockedOut)
        {
            ModelState.AddModelError(string.Empty, t["login.locked", (int)AccountService.LockoutDuration.TotalMinutes]);
            return Page();
        }

        if (user is null)
        {
            ModelState.AddModelError(string.Empty, t["login.invalid"]);
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(user));
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
