using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Account;

/// <summary>The language switch: sets the cookie and, for a signed-in user, remembers the choice.</summary>
internal sealed class LanguageModel(CurrentUser user, NpgsqlDataSource dataSource) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        var normalized = CultureSelection.Normalize(culture);
        CultureSelection.Remember(Response, normalized);
        if (user.UserId is { } id)
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE auth.app_user SET language = @normalized WHERE id = @id", new { normalized, id }, cancellationToken: ct));
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
