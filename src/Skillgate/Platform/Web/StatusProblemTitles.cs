using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Web;

/// <summary>
/// Titles the problems the framework writes for answers without a body (no such route, a method the route does not take, a
/// caller not signed in…) in the caller's language, as the problems Skillgate writes are.
/// </summary>
internal static class StatusProblemTitles
{
    private static readonly Dictionary<int, string> Keys = new()
    {
        [StatusCodes.Status400BadRequest] = "error.bad_request",
        [StatusCodes.Status401Unauthorized] = "error.unauthorized",
        [StatusCodes.Status403Forbidden] = "error.forbidden",
        [StatusCodes.Status404NotFound] = "error.not_found",
        [StatusCodes.Status405MethodNotAllowed] = "error.method_not_allowed",
        [StatusCodes.Status415UnsupportedMediaType] = "error.unsupported_media_type",
    };

    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (context.Exception is not null || problem.Status is not { } status || problem.Title != ReasonPhrases.GetReasonPhrase(status)
            || !Keys.TryGetValue(status, out var key))
        {
            return;
        }

        // The status-code pages run outside the request localization, so the culture is the one it chose for the request.
        var culture = context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? "en";
        problem.Title = context.HttpContext.RequestServices.GetRequiredService<Texts>().In(culture, key);
    }
}
