using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Account;

/// <summary>Ends the cookie's sign-in on the server too, so a copy of the cookie stops working on every node.</summary>
internal sealed class LogoutModel(SignIns signIns, CurrentUser me) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (me.SignInId is { } signIn)
        {
            await signIns.EndAsync(signIn, ct);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/Account/Login");
    }
}
