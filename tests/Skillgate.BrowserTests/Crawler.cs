using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Skillgate.BrowserTests;

/// <summary>
/// Visits every page a signed-in person reaches from the navigation, and from each of those pages the first link to
/// every other page (the first detail page of every list), and writes down what a person would see wrong there.
/// Nothing is listed by hand: a page added later is visited because a link leads to it.
/// </summary>
internal sealed partial class Crawler(IPage page, string language, Func<string, bool> runAxe, Func<IPage, Task<IReadOnlyList<string>>>? forbidden = null)
{
    private static readonly string AxeScript = Path.Combine(RepoRoot(), "tests", "tools", "node_modules", "axe-core", "axe.min.js");

    /// <summary>The first parts of the UI text keys (nav, history, workflow …): a word like "workflow.outcome.approve" on a page is a key left untranslated.</summary>
    private static readonly HashSet<string> TextKeyPrefixes = LoadTextKeyPrefixes();

    private readonly List<string> _consoleErrors = [];
    private readonly HashSet<string> _visited = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Problems { get; } = [];

    public int PagesVisited => _visited.Count;

    public int PagersFollowed { get; private set; }

    /// <summary>Pages that had to be reloaded before they settled (see <see cref="CheckAsync"/>).</summary>
    public int Reloads { get; private set; }

    public async Task CrawlAsync()
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _consoleErrors.Add(error);

        var navigation = await VisitAsync("/", "header a[href]");
        foreach (var url in navigation)
        {
            foreach (var next in await VisitAsync(url, "main a[href]"))
            {
                await VisitAsync(next, null);
            }
        }
    }

    /// <summary>Visits a page once per path, checks it, follows its pager, and returns the links (of the given selector) to pages not seen yet.</summary>
    private async Task<List<string>> VisitAsync(string url, string? linkSelector)
    {
        var path = PathOf(url);
        if (!_visited.Add(path))
        {
            return [];
        }

        _consoleErrors.Clear();
        var response = await page.GotoAsync(url);
        await CheckAsync(url, response);
        if (runAxe(path))
        {
            await AxeAsync(url);
        }

        var links = linkSelector is null ? [] : await LinksAsync(linkSelector);
        await FollowPagerAsync(url);
        return links;
    }

    private async Task CheckAsync(string url, IResponse? response)
    {
        if (response is null || response.Status != 200)
        {
            Problems.Add($"{url} [{language}]: answered {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
            return;
        }

        // The page is read once its document is parsed and the network is idle. Chromium's load event has hung in CI after
        // both (the log said "NetworkIdle event fired"), so it is not waited for. Its network-idle signal was once missed too
        // (one page 2 in the 30 crawls of a CI run; the same page settled in every other run), so a page that has not settled
        // is reloaded once; one that settles neither time is reported.
        if (!await SettledAsync())
        {
            Reloads++;
            if (await page.ReloadAsync() is not { Status: 200 } || !await SettledAsync())
            {
                Problems.Add($"{url} [{language}]: did not settle within 60 s, nor after a reload");
                return;
            }
        }

        var seen = await page.EvaluateAsync<JsonElement>(
            """
            () => {
              const main = document.querySelector('main') ?? document.body;
              const inputs = Array.from(main.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=file]), textarea')).filter(i => i.offsetParent !== null).map(i => i.value);
              return {
                lang: document.documentElement.lang,
                text: main.innerText + '\n' + inputs.join('\n'),
                banners: Array.from(document.querySelectorAll('[data-testid=errors], .validation-summary-errors, .field-validation-error')).map(e => e.innerText.trim()),
              };
            }
            """);
        var text = seen.GetProperty("text").GetString() ?? "";
        if (seen.GetProperty("lang").GetString() != language)
        {
            Problems.Add($"{url} [{language}]: the page is in {seen.GetProperty("lang").GetString()}");
        }

        foreach (var banner in seen.GetProperty("banners").EnumerateArray())
        {
            Problems.Add($"{url} [{language}]: validation banner on a plain visit: {banner.GetString()}");
        }

        foreach (Match guid in Guid().Matches(text))
        {
            Problems.Add($"{url} [{language}]: shows a GUID as a value: {guid.Value}");
            break;
        }

        if (language == "zh-CN")
        {
            foreach (Match english in FrameworkEnglish().Matches(text))
            {
                Problems.Add($"{url} [{language}]: English framework text on a Chinese page: {english.Value}");
            }
        }

        foreach (Match key in TextKey().Matches(text))
        {
            if (TextKeyPrefixes.Contains(key.Groups[1].Value))
            {
                Problems.Add($"{url} [{language}]: shows a text key instead of its text: {key.Value}");
            }
        }

        foreach (var error in _consoleErrors)
        {
            Problems.Add($"{url} [{language}]: console error: {error}");
        }

        _consoleErrors.Clear();
        foreach (var word in forbidden is null ? [] : await forbidden(page))
        {
            Problems.Add($"{url} [{language}]: says the manufacturing word “{word}”");
        }
    }

    private async Task<bool> SettledAsync()
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new() { Timeout = 60_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 60_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Clicks "next" on a paged list and expects another first row, on a page that is as clean as the first.</summary>
    private async Task FollowPagerAsync(string url)
    {
        var next = page.Locator("main nav .pagination li:last-child:not(.disabled) a");
        if (await next.CountAsync() == 0)
        {
            return;
        }

        var before = await FirstRowAsync();
        var navigation = page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame);
        await next.First.ClickAsync();
        var response = await navigation;
        await CheckAsync(url + " → next", response);
        var after = await FirstRowAsync();
        if (before == after)
        {
            Problems.Add($"{url} [{language}]: page 2 shows the same first row as page 1 ({before})");
        }

        PagersFollowed++;
    }

    /// <summary>The first row of the list the pager pages: the nearest list before it (a page may hold other lists above).</summary>
    private Task<string?> FirstRowAsync() => page.EvaluateAsync<string?>(
        """
        () => {
          let at = document.querySelector('main nav .pagination')?.closest('nav');
          while (at && at !== document.body) {
            for (let before = at.previousElementSibling; before; before = before.previousElementSibling) {
              const row = before.matches('tbody tr, .list-group-item') ? before : before.querySelector('tbody tr, .list-group-item');
              if (row) return row.innerText.trim();
            }
            at = at.parentElement;
          }
          const first = document.querySelector('main tbody tr, main .list-group-item');
          return first ? first.innerText.trim() : null;
        }
        """);

    private async Task AxeAsync(string url)
    {
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))");
        foreach (var violation in violations.EnumerateArray())
        {
            Problems.Add($"{url} [{language}]: accessibility: {violation.GetString()}");
        }
    }

    private async Task<List<string>> LinksAsync(string selector)
    {
        var hrefs = await page.EvaluateAsync<string[]>(
            "selector => Array.from(document.querySelectorAll(selector)).filter(a => !a.hasAttribute('download') && a.target !== '_blank').map(a => a.href)", selector);
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        var found = new List<string>();
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var href in hrefs)
        {
            if (!href.StartsWith(origin + "/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var local = href[origin.Length..];
            var hash = local.IndexOf('#', StringComparison.Ordinal);
            local = hash >= 0 ? local[..hash] : local;
            var path = PathOf(local);
            if (IsNotAPage(local) || _visited.Contains(path) || !paths.Add(path))
            {
                continue;
            }

            found.Add(local);
        }

        return found;
    }

    /// <summary>Downloads, the API, and signing out or switching language are links but not pages to check.</summary>
    private static bool IsNotAPage(string local) =>
        local.Length == 0
        || local.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
        || local.StartsWith("/files/", StringComparison.OrdinalIgnoreCase)
        || local.StartsWith("/openapi", StringComparison.OrdinalIgnoreCase)
        || local.StartsWith("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || local.StartsWith("/Account/Language", StringComparison.OrdinalIgnoreCase)
        || local.Contains("handler=", StringComparison.OrdinalIgnoreCase)
        || Download().IsMatch(local);

    private static string PathOf(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? url[..query] : url;
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static HashSet<string> LoadTextKeyPrefixes() =>
        new Skillgate.Platform.Localization.Texts().For("en").Keys.Select(k => k.Split('.')[0]).ToHashSet(StringComparer.Ordinal);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Skillgate.slnx")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    [GeneratedRegex(@"(?<![\w./@-])([a-z]+)(?:\.[a-z][a-z0-9_]*)+(?![\w/@-])")]
    private static partial Regex TextKey();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    /// <summary>The sentences ASP.NET Core and .NET write by themselves (model binding, data annotations, exceptions).</summary>
    [GeneratedRegex(@"[^\n]*\b(The value '|is not valid|field is required|must be a number|is invalid|A value for the|A value is required|request body is required|The supplied value|Value cannot be null|An unhandled exception|Exception:|Object reference not set)[^\n]*")]
    private static partial Regex FrameworkEnglish();

    [GeneratedRegex(@"\.(xlsx|csv|pdf|zip|png|jpe?g|svg|mp4|json)(\?|$)|/(export|template|download)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Download();
}
