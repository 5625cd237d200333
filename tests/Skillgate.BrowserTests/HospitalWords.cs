using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Skillgate.Tests.Walls;

namespace Skillgate.BrowserTests;

/// <summary>The manufacturing words a hospital's page must not say (the list the texts are held to, applied to what a page shows).</summary>
internal static partial class HospitalWords
{
    private static readonly Regex[] English =
        [.. SectorTextTests.ManufacturingEn.Select(w => new Regex($@"\b{Regex.Escape(w)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];

    /// <summary>The manufacturing words anywhere a person reads on the page: its title, the whole body (header and menus too) and every list option.</summary>
    public static async Task<IReadOnlyList<string>> OnPageAsync(IPage page) =>
        [.. Find(await page.EvaluateAsync<string>(
            "() => [document.title, document.body.innerText, ...Array.from(document.querySelectorAll('option')).map(o => o.text)].join('\\n')"))];

    /// <summary>
    /// The manufacturing words in the text: Chinese ones anywhere, English ones as whole words outside identifiers. A code such
    /// as DEFECT-DISPUTE (the built-in process the system starts by its code) is a key, not a word people read as language.
    /// </summary>
    public static IEnumerable<string> Find(string text)
    {
        var words = Code().Replace(text, " ");
        return SectorTextTests.ManufacturingZh.Where(w => words.Contains(w, StringComparison.Ordinal))
            .Concat(English.Select(r => r.Match(words)).Where(m => m.Success).Select(m => m.Value));
    }

    [GeneratedRegex(@"\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b")]
    private static partial Regex Code();
}
