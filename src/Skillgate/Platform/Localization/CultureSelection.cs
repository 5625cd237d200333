using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Skillgate.Platform.Localization;

/// <summary>
/// The UI language: the language cookie (set at sign-in from the user's saved choice, and by the
/// switch), else zh-CN for a browser that asks for any Chinese, else en.
/// </summary>
internal static class CultureSelection
{
    public static void Configure(RequestLocalizationOptions options)
    {
        var cultures = Texts.Cultures.Select(c => new CultureInfo(c)).ToList();
        options.DefaultRequestCulture = new RequestCulture("en");
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(ctx =>
            {
                var preferred = ctx.Request.GetTypedHeaders().AcceptLanguage
                    .OrderByDescending(l => l.Quality ?? 1)
                    .Select(l => l.Value.Value ?? "")
                    .FirstOrDefault(v => v.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || v.StartsWith("en", StringComparison.OrdinalIgnoreCase));
                var culture = preferred?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true ? "zh-CN" : "en";
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture));
            }),
        ];
    }

    public static void Remember(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    public static string Normalize(string? culture) => culture?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true ? "zh-CN" : "en";
}
