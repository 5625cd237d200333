using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Web;

/// <summary>
/// Base of the module pages: runs a handler call and turns validation and rule errors into
/// messages on the page (the API turns the same exceptions into problem responses).
/// </summary>
internal abstract class SkillgatePage : PageModel
{
    protected async Task<IActionResult> Attempt(Func<Task<IActionResult>> action, Func<Task<IActionResult>> onError)
    {
        try
        {
            return await action();
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, $"{FieldLabel(field)}: {message}");
                }
            }
        }
        catch (RuleViolationException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        catch (ForbiddenException e)
        {
            // The page is shown again with the reason, answered as 403 (not a redirect to the access-denied page).
            ModelState.AddModelError(string.Empty, e.Message);
            var page = await onError();
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return page;
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, Texts["error.concurrent_change"]);
        }

        return await onError();
    }

    /// <summary>
    /// The common shape of a change made from a page: check the permission, run the change, then either
    /// redirect with "saved" or reload the page with the errors.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(string permission, Func<Task> change, string redirectTo, Func<Task> reload)
    {
        if (!await CanAsync(permission))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            await change();
            Flash(Texts["action.saved"]);
            return Redirect(redirectTo);
        }, async () =>
        {
            await reload();
            return Page();
        });
    }

    /// <summary>Loads a record's page, answering 404 when it does not exist or lies outside the caller's scope.</summary>
    protected async Task<IActionResult> PageOr404Async(Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }

    protected async Task<bool> CanAsync(string permission) =>
        (await HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(User, permission)).Succeeded;

    protected void Flash(string message) => TempData["Flash"] = message;

    private Texts Texts => HttpContext.RequestServices.GetRequiredService<Texts>();

    private string FieldLabel(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var label = Texts["field." + (bracket > 0 ? field[..bracket] : field)];
        return label.ResourceNotFound ? field : label.Value;
    }
}

/// <summary>What the shared pager needs: the current page, the count (or a lower bound of it), and how to link to another page.</summary>
internal sealed record PagerModel(int Page, int PageCount, long Total, Func<int, string> Url, bool TotalIsLowerBound = false);
