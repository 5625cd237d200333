using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Admin.Users;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

internal sealed class ChangePasswordModel(UserHandler users, CurrentUser me, SkillgateDb db, Texts t) : SkillgatePage
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
        var id = me.UserId!.Value;
        await users.ChangeOwnPasswordAsync(id, CurrentPassword, NewPassword, ct);
        var user = await db.Set<AppUser>().AsNoTracking().SingleAsync(u => u.Id == id, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(user));
        Flash(t["password.changed"]);
        return Redirect("/");
    }, () => Task.FromResult<IActionResult>(Page()));
}
